#ifndef GAZETTE_XML_H
#define GAZETTE_XML_H

/// A small C API over libxml2's XML and HTML parsers, so Swift never sees libxml2's headers
/// (which need -I/usr/include/libxml2). Nodes are opaque pointers into the document;
/// strings returned as `char *` are owned by the caller and freed with gz_xml_free.

typedef struct gz_xml_doc gz_xml_doc;
typedef struct gz_xml_node gz_xml_node;

enum { GZ_NODE_ELEMENT = 1, GZ_NODE_TEXT = 3, GZ_NODE_CDATA = 4, GZ_NODE_COMMENT = 8 };

/// Parses XML leniently (libxml2's recover mode, no network, no entity expansion from outside).
/// `encoding` overrides the document's own declaration (NULL: detect). `*well_formed` is set
/// to 0 when the parser had to recover from an error.
gz_xml_doc *gz_xml_parse(const char *bytes, int length, const char *url, const char *encoding, int *well_formed);

/// Parses HTML as browsers do (tolerates any markup).
gz_xml_doc *gz_html_parse(const char *bytes, int length, const char *url, const char *encoding);

void gz_xml_doc_free(gz_xml_doc *doc);
gz_xml_node *gz_xml_root(gz_xml_doc *doc);
/// The encoding the parser used, or NULL.
const char *gz_xml_doc_encoding(gz_xml_doc *doc);

int gz_xml_node_type(const gz_xml_node *node);
/// Local name (no prefix), or NULL.
const char *gz_xml_node_name(const gz_xml_node *node);
/// Namespace URI of an element, or NULL.
const char *gz_xml_node_namespace(const gz_xml_node *node);
gz_xml_node *gz_xml_first_child(const gz_xml_node *node);
gz_xml_node *gz_xml_next_sibling(const gz_xml_node *node);
/// Text of a text or CDATA node (not owned: do not free).
const char *gz_xml_node_raw_text(const gz_xml_node *node);

/// All text inside a node, concatenated.
char *gz_xml_node_text(const gz_xml_node *node);
/// An attribute by local name (any namespace), or NULL.
char *gz_xml_attribute(const gz_xml_node *node, const char *name);
/// The base URI in effect at a node (xml:base, the document URL).
char *gz_xml_node_base(gz_xml_doc *doc, const gz_xml_node *node);
/// The markup inside a node, serialized (for Atom's type="xhtml" content).
char *gz_xml_inner_markup(gz_xml_doc *doc, const gz_xml_node *node);
/// Resolves `reference` against `base` (RFC 3986); NULL when it cannot.
char *gz_xml_resolve(const char *reference, const char *base);

void gz_xml_free(char *text);

/// The code point of an HTML named entity ("nbsp" -> 160), or -1.
int gz_html_entity(const char *name);

/// Frees a buffer gz_gunzip returned.
void gz_xml_free_bytes(unsigned char *bytes);
/// Decompresses gzip data in memory. Returns a buffer the caller frees with gz_xml_free_bytes
/// and its length in *length; NULL when the data is not valid gzip (*length = -1) or would
/// decompress to more than max_length bytes (*length = -2).
unsigned char *gz_gunzip(const unsigned char *data, long data_length, long max_length, long *length);

#endif
