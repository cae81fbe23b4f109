#include "CGazetteXML.h"
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <string.h>

static void quiet(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static void quiet_structured(void *ctx, xmlErrorPtr error) { (void)ctx; (void)error; }

static void setup(void) {
    static int done = 0;
    if (!done) {
        xmlInitParser();
        done = 1;
    }
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlSetStructuredErrorFunc(NULL, quiet_structured);
}

gz_xml_doc *gz_xml_parse(const char *bytes, int length, const char *url, const char *encoding, int *well_formed) {
    setup();
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) return NULL;
    int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA
                | XML_PARSE_HUGE;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, length, url, encoding, options);
    // nsWellFormed: a prefix used without its xmlns declaration ("itunes:subtitle") is an error too.
    if (well_formed) *well_formed = ctxt->wellFormed && ctxt->nsWellFormed && doc != NULL;
    xmlFreeParserCtxt(ctxt);
    return (gz_xml_doc *)doc;
}

gz_xml_doc *gz_html_parse(const char *bytes, int length, const char *url, const char *encoding) {
    setup();
    // XML_PARSE_HUGE: without it libxml2 stops at 256 open elements and drops the rest of
    // the page (hundreds of unclosed <div>s or <font>s are common in broken markup). The
    // Swift walkers stop at MarkupNode.maxDepth instead.
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED
                | XML_PARSE_HUGE;
    htmlDocPtr doc = htmlReadMemory(bytes, length, url, encoding, options);
    return (gz_xml_doc *)doc;
}

void gz_xml_doc_free(gz_xml_doc *doc) { if (doc) xmlFreeDoc((xmlDocPtr)doc); }

gz_xml_node *gz_xml_root(gz_xml_doc *doc) {
    if (!doc) return NULL;
    xmlNodePtr root = xmlDocGetRootElement((xmlDocPtr)doc);
    if (root) return (gz_xml_node *)root;
    return (gz_xml_node *)((xmlDocPtr)doc)->children;
}

const char *gz_xml_doc_encoding(gz_xml_doc *doc) {
    return doc ? (const char *)((xmlDocPtr)doc)->encoding : NULL;
}

int gz_xml_node_type(const gz_xml_node *node) { return node ? (int)((const xmlNode *)node)->type : 0; }

const char *gz_xml_node_name(const gz_xml_node *node) {
    return node ? (const char *)((const xmlNode *)node)->name : NULL;
}

const char *gz_xml_node_namespace(const gz_xml_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    return (n && n->ns) ? (const char *)n->ns->href : NULL;
}

gz_xml_node *gz_xml_first_child(const gz_xml_node *node) {
    return node ? (gz_xml_node *)((const xmlNode *)node)->children : NULL;
}

gz_xml_node *gz_xml_next_sibling(const gz_xml_node *node) {
    return node ? (gz_xml_node *)((const xmlNode *)node)->next : NULL;
}

const char *gz_xml_node_raw_text(const gz_xml_node *node) {
    const xmlNode *n = (const xmlNode *)node;
    return n ? (const char *)n->content : NULL;
}

char *gz_xml_node_text(const gz_xml_node *node) {
    return node ? (char *)xmlNodeGetContent((const xmlNode *)node) : NULL;
}

char *gz_xml_attribute(const gz_xml_node *node, const char *name) {
    return node ? (char *)xmlGetProp((const xmlNode *)node, (const xmlChar *)name) : NULL;
}

char *gz_xml_node_base(gz_xml_doc *doc, const gz_xml_node *node) {
    return (char *)xmlNodeGetBase((const xmlDoc *)doc, (const xmlNode *)node);
}

char *gz_xml_inner_markup(gz_xml_doc *doc, const gz_xml_node *node) {
    xmlBufferPtr buffer = xmlBufferCreate();
    if (!buffer) return NULL;
    for (xmlNodePtr child = ((const xmlNode *)node)->children; child; child = child->next) {
        xmlNodeDump(buffer, (xmlDocPtr)doc, child, 0, 0);
    }
    char *out = strdup((const char *)xmlBufferContent(buffer));
    xmlBufferFree(buffer);
    return out;
}

char *gz_xml_resolve(const char *reference, const char *base) {
    if (!reference) return NULL;
    return (char *)xmlBuildURI((const xmlChar *)reference, (const xmlChar *)base);
}

void gz_xml_free(char *text) { if (text) xmlFree(text); }

int gz_html_entity(const char *name) {
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? (int)e->value : -1;
}

#include <stdlib.h>
#include <zlib.h>

void gz_xml_free_bytes(unsigned char *bytes) { free(bytes); }

unsigned char *gz_gunzip(const unsigned char *data, long data_length, long max_length, long *length) {
    z_stream z = {0};
    *length = -1;
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return NULL;
    size_t capacity = data_length * 4 + 4096, used = 0;
    unsigned char *out = malloc(capacity);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)data_length;
    int rc = Z_OK;
    while (out && rc != Z_STREAM_END) {
        if (used == capacity) {
            if ((long)capacity >= max_length) { *length = -2; break; }
            capacity *= 2;
            unsigned char *grown = realloc(out, capacity);
            if (!grown) break;
            out = grown;
        }
        z.next_out = out + used;
        z.avail_out = (uInt)(capacity - used);
        rc = inflate(&z, Z_NO_FLUSH);
        used = capacity - z.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END) break;
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) break;  /* truncated input */
        if ((long)used > max_length) { *length = -2; rc = Z_DATA_ERROR; break; }
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END || (long)used > max_length) { free(out); return NULL; }
    *length = (long)used;
    return out;
}
