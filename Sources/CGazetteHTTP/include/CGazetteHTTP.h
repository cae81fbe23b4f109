// One HTTP(S) transfer through libcurl, bounded in size and time (Debian: libcurl4-openssl-dev).
//
// Swift cannot call curl_easy_setopt (it is variadic), and FoundationNetworking on Linux
// neither stops buffering at a size limit nor enforces a deadline, so Gazette drives libcurl
// itself: one call, one response, no redirects followed (the caller checks each target).
#ifndef CGAZETTE_HTTP_H
#define CGAZETTE_HTTP_H

#include <stddef.h>

typedef enum {
    GZ_HTTP_OK = 0,
    GZ_HTTP_TOO_LARGE = 1,          // the decoded body passed max_bytes: the transfer was stopped there
    GZ_HTTP_DECLARED_TOO_LARGE = 2, // Content-Length over max_bytes: refused before the body
    GZ_HTTP_TIMED_OUT = 3,          // timeout_ms passed (connecting, waiting or a drip-fed body)
    GZ_HTTP_HEADERS_TOO_LARGE = 4,  // more than 256 KB of headers
    GZ_HTTP_ERROR = 5,              // anything else: see error and curl_code
} gz_http_failure;

typedef struct {
    const char *url;
    const char *method;              // NULL: GET
    const char *const *headers;      // "Name: value" lines
    int header_count;
    const unsigned char *body;       // request body, or NULL
    size_t body_length;
    long timeout_ms;                 // the whole transfer
    long connect_timeout_ms;
    size_t max_bytes;                // of the decoded body
    const char *user_agent;
    const char *ca_file;             // NULL: the system's trust store
    // Downloads: the 2xx body goes to out_fd (>= 0) instead of memory, appended after
    // resume_from bytes already there (the caller asks with a Range header; a 200 rewrites the file from 0).
    int out_fd;
    long long resume_from;
    long stall_seconds;              // > 0: fail when under 1 byte/s for this long
    void (*progress)(void *context, long long received, long long total);  // total 0: unknown
    void *progress_context;
} gz_http_request;

typedef struct {
    long status;
    unsigned char *body;             // malloc'd, body_length bytes (never more than max_bytes)
    size_t body_length;
    char *headers;                   // malloc'd, the final response's header lines, NUL-terminated
    size_t headers_length;
    char *redirect_url;              // malloc'd absolute Location of a 3xx, or NULL
    int failure;                     // gz_http_failure
    int curl_code;
    char error[256];
} gz_http_response;

/// Performs the request; always fills `response` (free it with gz_http_response_free).
int gz_http_perform(const gz_http_request *request, gz_http_response *response);
void gz_http_response_free(gz_http_response *response);

#endif
