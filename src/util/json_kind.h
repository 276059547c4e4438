/*
 * json_kind.h - the kind of a jansson value as an error message names it
 * ("expected a string, got a number"): shared by the list parsers and the
 * HTTP request parser.  Internal.
 */
#ifndef CLR_JSON_KIND_H
#define CLR_JSON_KIND_H

#include <jansson.h>

static inline const char *clr__json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

#endif
