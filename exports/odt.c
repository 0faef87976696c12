/*
 * odt.c: the resolution as an OpenDocument text package (ODT).
 *
 * The same document as the DOCX: named paragraph styles (AgoraTitle,
 * AgoraBody, AgoraItem, ...) in styles.xml, numbers as text exactly as the
 * text export prints them, and PRODUCT.md's print layout.  Page numbers
 * start on the second page: the first paragraph's automatic style names
 * the "First Page" master page, which has no header and passes on to the
 * "Standard" master page, whose header holds the page number.
 *
 * The package: "mimetype" first and stored (uncompressed), as ODF requires
 * so that a reader can recognise the file from its first bytes, then
 * content.xml, styles.xml, meta.xml (title, dates) and
 * META-INF/manifest.xml.
 */
#include <errno.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/util.h"
#include "export.h"
#include "package.h"
#include "xml.h"

/* The print layout; text width = 210 - 30 - 10 mm. */
#define ODT_MARGINS "fo:margin-bottom=\"2cm\" fo:margin-left=\"3cm\" " \
	"fo:margin-right=\"1cm\""
#define ODT_TEXT_W "17cm"
#define ODT_INDENT "1.25cm"
#define ODT_HANG_LIST "1.25cm"
#define ODT_HANG_ITEM "1.5cm"
#define ODT_GAP "0.423cm" /* 12 pt */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ODT_MIME "application/vnd.oasis.opendocument.text"
#define ODT_NS \
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
	"xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" " \
	"office:version=\"1.2\""

/*
 * Appends text as paragraph content.  ODF collapses white space like HTML
 * does, so a run of spaces keeps its first space and the rest become
 * <text:s text:c="n"/> (all of them at the start of a line); a tab is
 * <text:tab/> and a newline (LF, CR or CRLF) <text:line-break/>.
 */
static void
odt_text(struct buf *b, const char *s, bool line_start)
{
	while (*s != '\0') {
		size_t n = strcspn(s, " \t\r\n");

		if (n > 0) {
			xml_escape(b, s, n);
			s += n;
			line_start = false;
		}
		if (*s == ' ') {
			size_t sp = strspn(s, " ");

			if (!line_start) {
				buf_addc(b, ' ');
				sp--, s++;
			}
			if (sp == 1)
				buf_adds(b, "<text:s/>");
			else if (sp > 1)
				buf_printf(b, "<text:s text:c=\"%zu\"/>", sp);
			s += sp;
			line_start = false;
		} else if (*s == '\t') {
			buf_adds(b, "<text:tab/>");
			s++;
			line_start = false;
		} else if (*s == '\r' || *s == '\n') {
			buf_adds(b, "<text:line-break/>");
			s += s[0] == '\r' && s[1] == '\n' ? 2 : 1;
			line_start = true;
		}
	}
}

/* One paragraph: lead (a number, or the place) and a tab before text. */
static void
odt_para(struct buf *b, const char *style, const char *lead,
    const char *text)
{
	buf_printf(b, "<text:p text:style-name=\"%s\">", style);
	if (lead != NULL) {
		odt_text(b, lead, true);
		buf_adds(b, "<text:tab/>");
	}
	odt_text(b, text != NULL ? text : "", lead == NULL);
	buf_adds(b, "</text:p>\n");
}

static void
odt_items(struct buf *b, const char *style, const struct doc_item *items,
    size_t n)
{
	for (size_t i = 0; i < n; i++)
		odt_para(b, style, items[i].number, items[i].text);
}

/*
 * content.xml.  The first paragraph gets an automatic style "AgoraFirst"
 * that inherits its named style and starts the "First Page" master page.
 */
static void
odt_content(struct buf *b, const struct resolution *r,
    const struct export_options *o)
{
	const char *first = "AgoraTitle";

	if (r->nblocks > 0) {
		switch (r->blocks[0].kind) {
		case BLOCK_DRAFT: first = "AgoraDraft"; break;
		case BLOCK_TITLE: first = "AgoraTitle"; break;
		case BLOCK_PLACE: first = "AgoraPlace"; break;
		case BLOCK_PARAGRAPH: first = "AgoraBody"; break;
		case BLOCK_LIST: first = "AgoraListItem"; break;
		case BLOCK_SECTION: first = "AgoraHeading"; break;
		}
	}
	buf_printf(b, XML_DECL "<office:document-content " ODT_NS ">"
	    "<office:automatic-styles>"
	    "<style:style style:name=\"AgoraFirst\" style:family=\"paragraph\" "
	    "style:parent-style-name=\"%s\" "
	    "style:master-page-name=\"First_20_Page\"/>"
	    "</office:automatic-styles><office:body><office:text>\n", first);
	if (r->nblocks == 0)
		buf_adds(b, "<text:p text:style-name=\"AgoraFirst\"/>\n");
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct doc_block *k = &r->blocks[i];
		const char *style;

		export_progress_doc(o, r, i, 0);
		switch (k->kind) {
		case BLOCK_DRAFT:
			odt_para(b, i == 0 ? "AgoraFirst" : "AgoraDraft", NULL,
			    k->text);
			break;
		case BLOCK_TITLE:
			odt_para(b, i == 0 ? "AgoraFirst" : "AgoraTitle", NULL,
			    k->text);
			break;
		case BLOCK_PLACE:
			odt_para(b, i == 0 ? "AgoraFirst" : "AgoraPlace",
			    k->place, k->date);
			break;
		case BLOCK_PARAGRAPH:
			odt_para(b, i == 0 ? "AgoraFirst" : "AgoraBody", NULL,
			    k->text);
			break;
		case BLOCK_LIST:
			if (i == 0 && k->nitems > 0) {
				odt_para(b, "AgoraFirst", k->items[0].number,
				    k->items[0].text);
				odt_items(b, "AgoraListItem", k->items + 1,
				    k->nitems - 1);
			} else
				odt_items(b, "AgoraListItem", k->items,
				    k->nitems);
			break;
		case BLOCK_SECTION:
			style = i == 0 ? "AgoraFirst" : "AgoraHeading";
			odt_para(b, style, k->number, k->text);
			odt_items(b, "AgoraItem", k->items, k->nitems);
			break;
		}
	}
	buf_adds(b, "</office:text></office:body></office:document-content>\n");
}

/* A named paragraph style with its paragraph and text properties. */
static void
odt_style(struct buf *b, const char *name, const char *display,
    const char *para, const char *textp)
{
	buf_printf(b, "<style:style style:name=\"%s\" style:display-name=\"%s\" "
	    "style:family=\"paragraph\" style:parent-style-name=\"Standard\" "
	    "style:class=\"text\">", name, display);
	if (para != NULL)
		buf_adds(b, para);
	if (textp != NULL)
		buf_adds(b, textp);
	buf_adds(b, "</style:style>\n");
}

#define BOLD "<style:text-properties fo:font-weight=\"bold\" " \
	"style:font-weight-asian=\"bold\" style:font-weight-complex=\"bold\"/>"
#define HANGING(w) "fo:margin-left=\"" w "\" fo:text-indent=\"-" w "\""

/*
 * styles.xml: the defaults (font, size, language), the named styles, the
 * page layouts and the two master pages.
 */
static void
odt_styles(struct buf *b)
{
	buf_adds(b, XML_DECL "<office:document-styles " ODT_NS ">"
	    "<office:font-face-decls><style:font-face style:name=\"Times New "
	    "Roman\" svg:font-family=\"&#39;Times New Roman&#39;\" "
	    "style:font-family-generic=\"roman\" style:font-pitch=\"variable\"/>"
	    "</office:font-face-decls>\n<office:styles>"
	    "<style:default-style style:family=\"paragraph\">"
	    "<style:paragraph-properties fo:margin-top=\"0cm\" "
	    "fo:margin-bottom=\"0cm\" fo:line-height=\"100%\" fo:orphans=\"2\" "
	    "fo:widows=\"2\" style:tab-stop-distance=\"" ODT_INDENT "\" "
	    "style:writing-mode=\"lr-tb\"/>"
	    "<style:text-properties style:font-name=\"Times New Roman\" "
	    "fo:font-size=\"14pt\" fo:language=\"ru\" fo:country=\"RU\" "
	    "style:font-name-asian=\"Times New Roman\" "
	    "style:font-size-asian=\"14pt\" "
	    "style:font-name-complex=\"Times New Roman\" "
	    "style:font-size-complex=\"14pt\"/>"
	    "</style:default-style>\n"
	    "<style:style style:name=\"Standard\" style:family=\"paragraph\" "
	    "style:class=\"text\"/>\n");
	odt_style(b, "AgoraDraft", "Agora Draft",
	    "<style:paragraph-properties fo:text-align=\"end\" "
	    "fo:margin-bottom=\"" ODT_GAP "\"/>", BOLD);
	odt_style(b, "AgoraTitle", "Agora Title",
	    "<style:paragraph-properties fo:text-align=\"center\" "
	    "fo:margin-bottom=\"" ODT_GAP "\" fo:keep-with-next=\"always\"/>",
	    BOLD);
	odt_style(b, "AgoraPlace", "Agora Place and Date",
	    "<style:paragraph-properties fo:text-align=\"start\" "
	    "fo:margin-bottom=\"" ODT_GAP "\"><style:tab-stops>"
	    "<style:tab-stop style:position=\"" ODT_TEXT_W "\" "
	    "style:type=\"right\"/></style:tab-stops>"
	    "</style:paragraph-properties>", NULL);
	odt_style(b, "AgoraBody", "Agora Body",
	    "<style:paragraph-properties fo:text-align=\"justify\" "
	    "fo:text-indent=\"" ODT_INDENT "\"/>", NULL);
	odt_style(b, "AgoraListItem", "Agora List Item",
	    "<style:paragraph-properties fo:text-align=\"justify\" "
	    HANGING(ODT_HANG_LIST) "><style:tab-stops><style:tab-stop "
	    "style:position=\"0cm\"/></style:tab-stops>"
	    "</style:paragraph-properties>", NULL);
	odt_style(b, "AgoraHeading", "Agora Addressee Heading",
	    "<style:paragraph-properties fo:text-align=\"justify\" "
	    "fo:margin-top=\"" ODT_GAP "\" fo:keep-with-next=\"always\" "
	    HANGING(ODT_HANG_LIST) "><style:tab-stops><style:tab-stop "
	    "style:position=\"0cm\"/></style:tab-stops>"
	    "</style:paragraph-properties>", BOLD);
	odt_style(b, "AgoraItem", "Agora Item",
	    "<style:paragraph-properties fo:text-align=\"justify\" "
	    HANGING(ODT_HANG_ITEM) "><style:tab-stops><style:tab-stop "
	    "style:position=\"0cm\"/></style:tab-stops>"
	    "</style:paragraph-properties>", NULL);
	odt_style(b, "AgoraPageNumber", "Agora Page Number",
	    "<style:paragraph-properties fo:text-align=\"center\"/>", NULL);
	/*
	 * The header lies inside the page margin: 1 cm from the top edge,
	 * then the number's line and spacing, and the text from 2 cm.
	 */
	buf_adds(b, "</office:styles>\n<office:automatic-styles>"
	    "<style:page-layout style:name=\"AgoraPage\">"
	    "<style:page-layout-properties fo:page-width=\"21cm\" "
	    "fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" "
	    "fo:margin-top=\"1cm\" " ODT_MARGINS "/>"
	    "<style:header-style><style:header-footer-properties "
	    "fo:min-height=\"0.5cm\" fo:margin-bottom=\"0.4cm\" "
	    "fo:margin-left=\"0cm\" fo:margin-right=\"0cm\" "
	    "style:dynamic-spacing=\"false\"/></style:header-style>"
	    "</style:page-layout>"
	    "<style:page-layout style:name=\"AgoraFirstPage\">"
	    "<style:page-layout-properties fo:page-width=\"21cm\" "
	    "fo:page-height=\"29.7cm\" style:print-orientation=\"portrait\" "
	    "fo:margin-top=\"2cm\" " ODT_MARGINS "/>"
	    "</style:page-layout>"
	    "</office:automatic-styles>\n<office:master-styles>"
	    "<style:master-page style:name=\"Standard\" "
	    "style:page-layout-name=\"AgoraPage\"><style:header>"
	    "<text:p text:style-name=\"AgoraPageNumber\">"
	    "<text:page-number text:select-page=\"current\">2</text:page-number>"
	    "</text:p></style:header></style:master-page>"
	    "<style:master-page style:name=\"First_20_Page\" "
	    "style:display-name=\"First Page\" "
	    "style:page-layout-name=\"AgoraFirstPage\" "
	    "style:next-style-name=\"Standard\"/>"
	    "</office:master-styles></office:document-styles>\n");
}

/* meta.xml: the title and the document's times. */
static void
odt_meta(struct buf *b, const struct resolution *r, int64_t now)
{
	struct buf t = {0};

	package_iso_time(&t, now);
	buf_adds(b, XML_DECL "<office:document-meta "
	    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "office:version=\"1.2\"><office:meta>"
	    "<meta:generator>agora</meta:generator><dc:title>");
	xml_escapes(b, r->title);
	buf_printf(b, "</dc:title><dc:language>ru-RU</dc:language>"
	    "<meta:creation-date>%s</meta:creation-date><dc:date>%s</dc:date>"
	    "</office:meta></office:document-meta>\n", buf_str(&t),
	    buf_str(&t));
	buf_free(&t);
}

static void
odt_manifest(struct buf *b)
{
	buf_adds(b, XML_DECL "<manifest:manifest xmlns:manifest=\"urn:oasis:"
	    "names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
	    "<manifest:file-entry manifest:full-path=\"/\" "
	    "manifest:version=\"1.2\" manifest:media-type=\"" ODT_MIME "\"/>"
	    "<manifest:file-entry manifest:full-path=\"content.xml\" "
	    "manifest:media-type=\"text/xml\"/>"
	    "<manifest:file-entry manifest:full-path=\"styles.xml\" "
	    "manifest:media-type=\"text/xml\"/>"
	    "<manifest:file-entry manifest:full-path=\"meta.xml\" "
	    "manifest:media-type=\"text/xml\"/>"
	    "</manifest:manifest>\n");
}

static enum status
odt_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	int64_t now = package_time(o);
	struct package *p = package_new(now);
	struct buf b = {0};
	enum status st;

	(void)f;
	if (p == NULL) {
		errno = EIO;
		return ST_IO;
	}
	buf_adds(&b, ODT_MIME);
	st = package_add(p, "mimetype", &b, true);
#define PART(name, call) do { \
		call; \
		if (st == ST_OK) \
			st = package_add(p, name, &b, false); \
	} while (0)
	PART("content.xml", odt_content(&b, r, o));
	PART("styles.xml", odt_styles(&b));
	PART("meta.xml", odt_meta(&b, r, now));
	PART("META-INF/manifest.xml", odt_manifest(&b));
#undef PART
	buf_free(&b);
	if (st != ST_OK) {
		package_discard(p);
		errno = EIO;
		return st;
	}
	return package_write(p, out);
}

const struct export_format export_odt = {
	.name = "odt",
	.extensions = "odt",
	.summary = N_("OpenDocument text (LibreOffice), A4 print layout"),
	.write = odt_write,
};
