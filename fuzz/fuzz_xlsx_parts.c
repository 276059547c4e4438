/*
 * fuzz_xlsx_parts.c - libFuzzer target for the XLSX reader behind the zip:
 * the input is the shared strings and the sheet, joined by a NUL byte,
 * packed by libzip into a workbook around a fixed workbook.xml, so that
 * mutations reach the XML the list parsers read (a mutated archive mostly
 * fails its CRC).  The first byte picks the parser (UK, Australia, Japan)
 * and the mode.  Its seed corpus is fuzz/corpus/xlsx_parts/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "lists/loader.h"

static const char workbook[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static int add(zip_t *za, const char *name, const void *data, size_t n)
{
	zip_source_t *s = zip_source_buffer(za, data, n, 0);
	if (!s)
		return -1;
	zip_int64_t i = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* The workbook as a file image, malloc'd; NULL when libzip fails. */
static char *pack(const char *sst, size_t sn, const char *sheet, size_t shn, size_t *len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	char *out = NULL;
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	if (!za)
		goto done;
	if (add(za, "xl/workbook.xml", workbook, sizeof(workbook) - 1) ||
	    add(za, "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1) ||
	    add(za, "xl/sharedStrings.xml", sst, sn) ||
	    add(za, "xl/worksheets/sheet1.xml", sheet, shn) || zip_close(za) < 0) {
		zip_discard(za);
		goto done;
	}
	if (zip_source_open(src) < 0)
		goto done;
	zip_source_seek(src, 0, SEEK_END);
	zip_int64_t n = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	if (n > 0 && (out = malloc((size_t)n)) && zip_source_read(src, out, (zip_uint64_t)n) == n)
		*len = (size_t)n;
	else
		free(out), out = NULL;
	zip_source_close(src);
done:
	zip_source_free(src);
	zip_error_fini(&err);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const parse[])(clr_loader *, const char *, size_t) = {
		clr__parse_uk_xlsx, clr__parse_au_xlsx, clr__parse_jp_xlsx};
	if (!size)
		return 0;
	unsigned pick = data[0];
	const char *in = (const char *)data + 1;
	size_t n = size - 1;
	const char *nul = memchr(in, '\0', n);
	size_t sn = nul ? (size_t)(nul - in) : n;
	const char *sheet = nul ? nul + 1 : "";
	size_t shn = nul ? n - sn - 1 : 0, len = 0;
	char *image = pack(in, sn, sheet, shn, &len);
	if (!image)
		return 0;
	clr_loader ld;
	if (clr__loader_init(&ld, "fuzz-input", pick & 1 ? CLR_LOAD_LENIENT : 0) == 0)
		(void)parse[(pick >> 1) % 3](&ld, image, len);
	clr__loader_dispose(&ld);
	free(image);
	return 0;
}
