/*
 * eu.h - an entity of the EU Financial Sanctions File, whichever layout
 * carries it: the XML 1.1 (eu_xml.c: an element's attributes) or its
 * semicolon CSV (eu_csv.c: the columns of one kind of a row).  Each record
 * of the entity (regulation, name alias, citizenship, birth date,
 * identification, address) is handed over as fields read by their XML
 * attribute names, so that both layouts give the same entry; defined in
 * eu.c, which owns what each field becomes and never reads a file.
 */
#ifndef CLR_LISTS_EU_H
#define CLR_LISTS_EU_H

#include "xml.h"

/* The fields of one record. */
typedef struct clr_eu_fields {
	/* The field attr ("wholeName", "countryIso2Code" ...): its text,
	 * trimmed, and length; "" (0) when the record has none. */
	const char *(*get)(void *src, const char *attr, size_t *n);
	/* The field's name in messages: the attribute, or the CSV column. */
	const char *(*name)(void *src, const char *attr);
	void *src;
} clr_eu_fields;

/* One nameAlias: the file has no primary flag, so the primary is chosen
 * when the entity is committed. */
typedef struct clr_eu_name {
	clr_span name;
	int weak;  /* strong="false", or a remark "low quality alias" */
	int rank;  /* lower is a better primary name */
	size_t line; /* where it was read: a name that cannot be kept is told there */
} clr_eu_name;

/* The entity being read; zero it once, free it with clr_eu__free. */
typedef struct clr_eu_entity {
	clr_loader *ld;
	size_t line;                 /* messages name it: the driver moves it row by row */
	int named;                   /* the last name alias gave a name */
	clr_buf pool;                /* the entity's names and references */
	CLR_VEC(clr_eu_name) names;
	clr_span ref, un_id;
	clr_buf remarks;             /* the entity's remarks, joined */
	char listed[11];             /* earliest date of designation or regulation */
	clr_buf text;                /* scratch */
} clr_eu_entity;

/* A new entity at line (a draft begun): logicalId (the id eu:<logicalId>),
 * euReferenceNumber, unitedNationId, designationDate. */
int clr_eu__begin(clr_eu_entity *eu, size_t line, const clr_eu_fields *f);
/* subjectType code: "person", "enterprise", anything else unknown. */
void clr_eu__type(clr_eu_entity *eu, const char *code, size_t n);
/* A remark of the entity, kept after the references. */
int clr_eu__remark(clr_eu_entity *eu, const char *s, size_t n);
/* The records: regulation, nameAlias (and the remark of the last one:
 * "low quality" makes it weak), citizenship, birthdate, identification,
 * address. */
int clr_eu__regulation(clr_eu_entity *eu, const clr_eu_fields *f);
int clr_eu__name(clr_eu_entity *eu, const clr_eu_fields *f);
void clr_eu__name_remark(clr_eu_entity *eu, const char *s, size_t n);
int clr_eu__citizenship(clr_eu_entity *eu, const clr_eu_fields *f);
int clr_eu__birth(clr_eu_entity *eu, const clr_eu_fields *f);
int clr_eu__identification(clr_eu_entity *eu, const clr_eu_fields *f);
int clr_eu__address(clr_eu_entity *eu, const clr_eu_fields *f);
/* The names (the primary chosen), the date listed, the remarks; the entry
 * staged.  An entity without a strong name is reported at eu->line naming
 * none_field, a name that cannot be kept naming name_field. */
int clr_eu__commit(clr_eu_entity *eu, const char *none_field, const char *name_field);
void clr_eu__free(clr_eu_entity *eu);

#endif
