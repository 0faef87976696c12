/*
 * docx.c: the resolution as a WordprocessingML package (DOCX) for Word,
 * LibreOffice and МойОфис.
 *
 * Every kind of paragraph has its own named style (AgoraTitle, AgoraBody,
 * AgoraItem, ...), so an organiser restyles the whole document by changing
 * one style.  Numbers are text, exactly as the text export prints them:
 * Word's own numbering would renumber items when an organiser deletes one,
 * while the numbers are the assembler's and must match every other format.
 * The page is PRODUCT.md's "Print layout": A4, margins 30/10/20/20 mm,
 * 14 pt Times New Roman (LibreOffice substitutes the metric-compatible
 * Liberation Serif), justified with a 1.25 cm first-line indent, page
 * numbers centred at the top from the second page on (a PAGE field in the
 * default header, an empty first-page header, w:titlePg).
 *
 * Parts: [Content_Types].xml, _rels/.rels, word/document.xml,
 * word/_rels/document.xml.rels, word/styles.xml, word/settings.xml,
 * word/header1.xml (page number), word/header2.xml (first page, empty),
 * docProps/core.xml (title, dates) and docProps/app.xml.
 */
#include <errno.h>
#include <string.h>

#include "../model/i18n.h"
#include "../model/util.h"
#include "export.h"
#include "package.h"
#include "xml.h"

/* The print layout in twentieths of a point (twips): 1 mm = 56.7 twips. */
#define DOCX_PAGE_W 11906     /* A4: 210 mm */
#define DOCX_PAGE_H 16838     /* 297 mm */
#define DOCX_MARGIN_L 1701    /* 30 mm */
#define DOCX_MARGIN_R 567     /* 10 mm */
#define DOCX_MARGIN_TB 1134   /* 20 mm */
#define DOCX_HEADER 567       /* page number 10 mm from the top edge */
#define DOCX_TEXT_W (DOCX_PAGE_W - DOCX_MARGIN_L - DOCX_MARGIN_R)
#define DOCX_INDENT 709       /* 1.25 cm first-line indent */
#define DOCX_HANG_LIST 709    /* "1." then the text */
#define DOCX_HANG_ITEM 851    /* "1.10." then the text: 15 mm */
#define DOCX_GAP 240          /* 12 pt between parts */
#define DOCX_SIZE 28          /* 14 pt, in half points */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/*
 * Appends the runs' content for text: the text in w:t elements, a newline
 * (LF, CR or CRLF) as w:br and a tab as w:tab.  Call inside a w:r.
 */
static void
docx_text(struct buf *b, const char *s)
{
	while (*s != '\0') {
		size_t n = strcspn(s, "\r\n\t");

		if (n > 0) {
			buf_adds(b, "<w:t xml:space=\"preserve\">");
			xml_escape(b, s, n);
			buf_adds(b, "</w:t>");
			s += n;
		}
		if (*s == '\t') {
			buf_adds(b, "<w:tab/>");
			s++;
		} else if (*s == '\r' || *s == '\n') {
			buf_adds(b, "<w:br/>");
			s += s[0] == '\r' && s[1] == '\n' ? 2 : 1;
		}
	}
}

/*
 * One paragraph in the named style: lead (a number, or the place) and a
 * tab before text when lead is not NULL.
 */
static void
docx_para(struct buf *b, const char *style, const char *lead,
    const char *text)
{
	buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr><w:r>",
	    style);
	if (lead != NULL) {
		docx_text(b, lead);
		buf_adds(b, "<w:tab/>");
	}
	docx_text(b, text != NULL ? text : "");
	buf_adds(b, "</w:r></w:p>\n");
}

static void
docx_items(struct buf *b, const char *style, const struct doc_item *items,
    size_t n)
{
	for (size_t i = 0; i < n; i++)
		docx_para(b, style, items[i].number, items[i].text);
}

/* word/document.xml: the blocks in order, then the section properties. */
static void
docx_document(struct buf *b, const struct resolution *r,
    const struct export_options *o)
{
	buf_adds(b, XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\""
	    NS_R "\"><w:body>\n");
	for (size_t i = 0; i < r->nblocks; i++) {
		const struct doc_block *k = &r->blocks[i];

		export_progress_doc(o, r, i, 0);
		switch (k->kind) {
		case BLOCK_DRAFT:
			docx_para(b, "AgoraDraft", NULL, k->text);
			break;
		case BLOCK_TITLE:
			docx_para(b, "AgoraTitle", NULL, k->text);
			break;
		case BLOCK_PLACE:
			docx_para(b, "AgoraPlace", k->place, k->date);
			break;
		case BLOCK_PARAGRAPH:
			docx_para(b, "AgoraBody", NULL, k->text);
			break;
		case BLOCK_LIST:
			docx_items(b, "AgoraListItem", k->items, k->nitems);
			break;
		case BLOCK_SECTION:
			docx_para(b, "AgoraHeading", k->number, k->text);
			docx_items(b, "AgoraItem", k->items, k->nitems);
			break;
		}
	}
	buf_printf(b, "<w:sectPr>"
	    "<w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
	    "<w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
	    "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
	    "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" "
	    "w:left=\"%d\" w:header=\"%d\" w:footer=\"%d\" w:gutter=\"0\"/>"
	    "<w:cols w:space=\"708\"/>"
	    "<w:titlePg/>"
	    "</w:sectPr>\n</w:body></w:document>\n",
	    DOCX_PAGE_W, DOCX_PAGE_H, DOCX_MARGIN_TB, DOCX_MARGIN_R,
	    DOCX_MARGIN_TB, DOCX_MARGIN_L, DOCX_HEADER, DOCX_HEADER);
}

/* A paragraph style: the name organisers see, then pPr and rPr contents. */
static void
docx_style(struct buf *b, const char *id, const char *name, const char *ppr,
    const char *rpr)
{
	buf_printf(b, "<w:style w:type=\"paragraph\" w:customStyle=\"1\" "
	    "w:styleId=\"%s\"><w:name w:val=\"%s\"/><w:basedOn w:val=\"Normal\"/>"
	    "<w:qFormat/><w:pPr>%s</w:pPr>", id, name, ppr);
	if (rpr != NULL)
		buf_printf(b, "<w:rPr>%s</w:rPr>", rpr);
	buf_adds(b, "</w:style>\n");
}

/* word/styles.xml: the defaults (font, size, language) and the styles. */
static void
docx_styles(struct buf *b)
{
	char ppr[512];

	buf_printf(b, XML_DECL "<w:styles xmlns:w=\"" NS_W "\">\n"
	    "<w:docDefaults><w:rPrDefault><w:rPr>"
	    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	    "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
	    "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>"
	    "<w:lang w:val=\"ru-RU\" w:eastAsia=\"ru-RU\" w:bidi=\"ar-SA\"/>"
	    "</w:rPr></w:rPrDefault>"
	    "<w:pPrDefault><w:pPr><w:widowControl/>"
	    "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" "
	    "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
	    "</w:docDefaults>\n"
	    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	    "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>\n"
	    "<w:style w:type=\"character\" w:default=\"1\" "
	    "w:styleId=\"DefaultParagraphFont\">"
	    "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/>"
	    "<w:semiHidden/><w:unhideWhenUsed/></w:style>\n",
	    DOCX_SIZE, DOCX_SIZE);
	snprintf(ppr, sizeof ppr, "<w:spacing w:after=\"%d\"/><w:jc w:val=\"right\"/>",
	    DOCX_GAP);
	docx_style(b, "AgoraDraft", "Agora Draft", ppr, "<w:b/><w:bCs/>");
	snprintf(ppr, sizeof ppr, "<w:keepNext/><w:spacing w:after=\"%d\"/>"
	    "<w:jc w:val=\"center\"/>", DOCX_GAP);
	docx_style(b, "AgoraTitle", "Agora Title", ppr, "<w:b/><w:bCs/>");
	snprintf(ppr, sizeof ppr, "<w:tabs><w:tab w:val=\"right\" w:pos=\"%d\"/>"
	    "</w:tabs><w:spacing w:after=\"%d\"/><w:jc w:val=\"left\"/>",
	    DOCX_TEXT_W, DOCX_GAP);
	docx_style(b, "AgoraPlace", "Agora Place and Date", ppr, NULL);
	snprintf(ppr, sizeof ppr, "<w:ind w:firstLine=\"%d\"/>"
	    "<w:jc w:val=\"both\"/>", DOCX_INDENT);
	docx_style(b, "AgoraBody", "Agora Body", ppr, NULL);
	snprintf(ppr, sizeof ppr, "<w:tabs><w:tab w:val=\"left\" w:pos=\"%d\"/>"
	    "</w:tabs><w:ind w:left=\"%d\" w:hanging=\"%d\"/>"
	    "<w:jc w:val=\"both\"/>", DOCX_HANG_LIST, DOCX_HANG_LIST,
	    DOCX_HANG_LIST);
	docx_style(b, "AgoraListItem", "Agora List Item", ppr, NULL);
	snprintf(ppr, sizeof ppr, "<w:keepNext/><w:tabs><w:tab w:val=\"left\" "
	    "w:pos=\"%d\"/></w:tabs><w:spacing w:before=\"%d\"/>"
	    "<w:ind w:left=\"%d\" w:hanging=\"%d\"/><w:jc w:val=\"both\"/>",
	    DOCX_HANG_LIST, DOCX_GAP, DOCX_HANG_LIST, DOCX_HANG_LIST);
	docx_style(b, "AgoraHeading", "Agora Addressee Heading", ppr,
	    "<w:b/><w:bCs/>");
	snprintf(ppr, sizeof ppr, "<w:tabs><w:tab w:val=\"left\" w:pos=\"%d\"/>"
	    "</w:tabs><w:ind w:left=\"%d\" w:hanging=\"%d\"/>"
	    "<w:jc w:val=\"both\"/>", DOCX_HANG_ITEM, DOCX_HANG_ITEM,
	    DOCX_HANG_ITEM);
	docx_style(b, "AgoraItem", "Agora Item", ppr, NULL);
	docx_style(b, "AgoraPageNumber", "Agora Page Number",
	    "<w:jc w:val=\"center\"/>", NULL);
	buf_adds(b, "</w:styles>\n");
}

static void
docx_settings(struct buf *b)
{
	buf_printf(b, XML_DECL "<w:settings xmlns:w=\"" NS_W "\">"
	    "<w:defaultTabStop w:val=\"%d\"/>"
	    "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	    "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	    "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	    "</w:compat></w:settings>\n", DOCX_INDENT);
}

/* The default header: the page number, centred.  The first page's is empty. */
static void
docx_header(struct buf *b, bool numbered)
{
	buf_adds(b, XML_DECL "<w:hdr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R
	    "\"><w:p><w:pPr><w:pStyle w:val=\"AgoraPageNumber\"/></w:pPr>");
	if (numbered)
		buf_adds(b, "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"
		    "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		    "<w:r><w:t>2</w:t></w:r>"
		    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
	buf_adds(b, "</w:p></w:hdr>\n");
}

static void
docx_content_types(struct buf *b)
{
	buf_adds(b, XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/"
	    "package/2006/content-types\">"
	    "<Default Extension=\"rels\" ContentType=\"application/"
	    "vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/word/document.xml\" ContentType=\""
	    CT_WML "document.main+xml\"/>"
	    "<Override PartName=\"/word/styles.xml\" ContentType=\""
	    CT_WML "styles+xml\"/>"
	    "<Override PartName=\"/word/settings.xml\" ContentType=\""
	    CT_WML "settings+xml\"/>"
	    "<Override PartName=\"/word/header1.xml\" ContentType=\""
	    CT_WML "header+xml\"/>"
	    "<Override PartName=\"/word/header2.xml\" ContentType=\""
	    CT_WML "header+xml\"/>"
	    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
	    "vnd.openxmlformats-package.core-properties+xml\"/>"
	    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
	    "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
	    "</Types>\n");
}

static void
docx_package_rels(struct buf *b)
{
	buf_adds(b, XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"
	    "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" "
	    "Target=\"word/document.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" NS_PKG_REL
	    "/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" NS_R "/extended-properties\" "
	    "Target=\"docProps/app.xml\"/>"
	    "</Relationships>\n");
}

static void
docx_document_rels(struct buf *b)
{
	buf_adds(b, XML_DECL "<Relationships xmlns=\"" NS_PKG_REL "\">"
	    "<Relationship Id=\"rId1\" Type=\"" NS_R "/styles\" "
	    "Target=\"styles.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"" NS_R "/settings\" "
	    "Target=\"settings.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"" NS_R "/header\" "
	    "Target=\"header1.xml\"/>"
	    "<Relationship Id=\"rId4\" Type=\"" NS_R "/header\" "
	    "Target=\"header2.xml\"/>"
	    "</Relationships>\n");
}

/* docProps/core.xml: the title and the document's times. */
static void
docx_core(struct buf *b, const struct resolution *r, int64_t now)
{
	struct buf t = {0};

	package_iso_time(&t, now);
	buf_adds(b, XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas."
	    "openxmlformats.org/package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
	    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
	xml_escapes(b, r->title);
	buf_printf(b, "</dc:title><dc:language>ru-RU</dc:language>"
	    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
	    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s"
	    "</dcterms:modified></cp:coreProperties>\n", buf_str(&t),
	    buf_str(&t));
	buf_free(&t);
}

static void
docx_app(struct buf *b)
{
	buf_adds(b, XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats"
	    ".org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
	    "<Application>agora</Application></Properties>\n");
}

static enum status
docx_write(struct forum *f, const struct resolution *r,
    const struct export_options *o, FILE *out)
{
	int64_t now = package_time(o);
	struct package *p = package_new(now);
	struct buf b = {0};
	enum status st = ST_OK;

	(void)f;
	if (p == NULL) {
		errno = EIO;
		return ST_IO;
	}
	/* Each part is built, then handed to the package (which empties b). */
#define PART(name, call) do { \
		call; \
		if (st == ST_OK) \
			st = package_add(p, name, &b, false); \
	} while (0)
	PART("[Content_Types].xml", docx_content_types(&b));
	PART("_rels/.rels", docx_package_rels(&b));
	PART("word/document.xml", docx_document(&b, r, o));
	PART("word/_rels/document.xml.rels", docx_document_rels(&b));
	PART("word/styles.xml", docx_styles(&b));
	PART("word/settings.xml", docx_settings(&b));
	PART("word/header1.xml", docx_header(&b, true));
	PART("word/header2.xml", docx_header(&b, false));
	PART("docProps/core.xml", docx_core(&b, r, now));
	PART("docProps/app.xml", docx_app(&b));
#undef PART
	buf_free(&b);
	if (st != ST_OK) {
		package_discard(p);
		errno = EIO;
		return st;
	}
	return package_write(p, out);
}

const struct export_format export_docx = {
	.name = "docx",
	.extensions = "docx",
	.summary = N_("Word document (WordprocessingML), A4 print layout"),
	.write = docx_write,
};
