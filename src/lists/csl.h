/*
 * csl.h - field helpers shared by the CSL CSV and JSON parsers (defined in
 * csl_csv.c): list codes from source names, types, dates, citations,
 * countries in remarks, addresses and aliases.
 */
#ifndef CLR_CSL_H
#define CLR_CSL_H

#include "loader.h"

int clr_csl__source(clr_loader *ld, const char *s, size_t n, const char *field);
void clr_csl__type(clr_loader *ld, const char *s, size_t n);
int clr_csl__date(clr_loader *ld, const char **dst, const char *s, size_t n, const char *field,
                  const char *pfx);
int clr_csl__citations(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__remarks(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__address(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__alias(clr_loader *ld, const char *s, size_t n, const char *field);
/* Evidence columns: a date or place of birth, a nationality or citizenship
 * (a country of the entry too), an identifier as CSL writes one, a call sign,
 * a vessel's flag. */
int clr_csl__dob(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__pob(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__nationality(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__citizenship(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__call_sign(clr_loader *ld, const char *s, size_t n, const char *field);
int clr_csl__flag(clr_loader *ld, const char *s, size_t n, const char *field);

#endif
