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

#endif
