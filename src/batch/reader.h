/*
 * reader.h - the batch reader's parts the store shares (reader.c): the
 * evidence fields of a JSON object, as a batch line or a customer's kept
 * attributes give them.
 */
#ifndef CLR_BATCH_READER_H
#define CLR_BATCH_READER_H

#include <jansson.h>

#include "clearance.h"

/* Reads o's dob, nationality, address, city, imo (a string or a number,
 * written into imobuf) and ids ([{"type", "number", "country"}] and/or
 * id_type, id_number, id_country, at most CLR_MAX_QUERY_IDS into ids) into
 * rec, borrowing o's strings.  CLR_EINPUT with the field's name in field
 * and *msg saying what is wrong. */
int clr__record_evidence_json(json_t *o, clr_record *rec, clr_query_id *ids, char *imobuf,
                              size_t imocap, char *field, size_t fcap, const char **msg);

#endif
