#include "CGazetteHTTP.h"

#include <curl/curl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

enum { MAX_HEADER_BYTES = 256 * 1024 };

typedef struct {
    gz_http_response *response;
    size_t capacity;
    size_t header_capacity;
    size_t max_bytes;
    CURL *curl;
    int out_fd;
    int started;
    long long base;
    void (*progress)(void *context, long long received, long long total);
    void *progress_context;
} transfer;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void global_init(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    // Response bodies grow to 32 MB by realloc on the transfer threads. glibc raises its
    // mmap threshold each time such a block is freed, after which the next ones come from
    // per-thread arenas that keep the memory: a few transfers on a few threads then held
    // three or four bodies' worth. A fixed threshold maps every large block and returns it
    // when freed.
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
}

// A download's body: only a 2xx response's, written to the file.
static size_t on_download(transfer *t, const char *data, size_t n) {
    gz_http_response *r = t->response;
    if (!t->started) {
        long status = 0;
        curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status > 299) return n;  // an error page or a redirect's body: not the file
        t->started = 1;
        if (status != 206 && t->base > 0) {
            // The server sent it all again: start the file over.
            if (ftruncate(t->out_fd, 0) != 0 || lseek(t->out_fd, 0, SEEK_SET) != 0) {
                r->failure = GZ_HTTP_ERROR;
                snprintf(r->error, sizeof r->error, "could not rewrite the partial file: %s", strerror(errno));
                return 0;
            }
            t->base = 0;
        }
    }
    if ((size_t)t->base + r->body_length + n > t->max_bytes) { r->failure = GZ_HTTP_TOO_LARGE; return 0; }
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(t->out_fd, data + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            r->failure = GZ_HTTP_ERROR;
            snprintf(r->error, sizeof r->error, "could not write the file: %s", strerror(errno));
            return 0;
        }
        done += (size_t)w;
    }
    r->body_length += n;  // counts what was written; nothing is kept
    return n;
}

static int on_progress(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)ultotal; (void)ulnow; (void)dlnow;
    transfer *t = context;
    if (t->progress && t->started) {
        long long total = dltotal > 0 ? t->base + (long long)dltotal : 0;
        t->progress(t->progress_context, t->base + (long long)t->response->body_length, total);
    }
    return 0;
}

// Decoded body bytes: stop at the limit, never hold more than it.
static size_t on_body(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    gz_http_response *r = t->response;
    size_t n = size * count;
    if (t->out_fd >= 0) return on_download(t, data, n);
    if (n > t->max_bytes - r->body_length) {
        r->failure = GZ_HTTP_TOO_LARGE;
        return 0;  // a short count makes curl stop with CURLE_WRITE_ERROR
    }
    if (r->body_length + n > t->capacity) {
        size_t want = t->capacity ? t->capacity * 2 : 64 * 1024;
        while (want < r->body_length + n) want *= 2;
        if (want > t->max_bytes) want = t->max_bytes;
        unsigned char *grown = realloc(r->body, want);
        if (!grown) { r->failure = GZ_HTTP_ERROR; snprintf(r->error, sizeof r->error, "out of memory"); return 0; }
        r->body = grown;
        t->capacity = want;
    }
    memcpy(r->body + r->body_length, data, n);
    r->body_length += n;
    return n;
}

// Header lines of the last response only (a 100 Continue or a proxy's answer comes first).
static size_t on_header(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    gz_http_response *r = t->response;
    size_t n = size * count;
    if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) r->headers_length = 0;
    if (r->headers_length + n + 1 > MAX_HEADER_BYTES) { r->failure = GZ_HTTP_HEADERS_TOO_LARGE; return 0; }
    if (r->headers_length + n + 1 > t->header_capacity) {
        size_t want = t->header_capacity ? t->header_capacity * 2 : 4096;
        while (want < r->headers_length + n + 1) want *= 2;
        char *grown = realloc(r->headers, want);
        if (!grown) { r->failure = GZ_HTTP_ERROR; return 0; }
        r->headers = grown;
        t->header_capacity = want;
    }
    memcpy(r->headers + r->headers_length, data, n);
    r->headers_length += n;
    r->headers[r->headers_length] = 0;
    return n;
}

int gz_http_perform(const gz_http_request *request, gz_http_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&once, global_init);
    CURL *curl = curl_easy_init();
    if (!curl) {
        response->failure = GZ_HTTP_ERROR;
        snprintf(response->error, sizeof response->error, "could not start libcurl");
        return response->failure;
    }
    transfer t = { .response = response, .max_bytes = request->max_bytes, .curl = curl, .out_fd = request->out_fd,
                   .base = request->out_fd >= 0 ? request->resume_from : 0, .progress = request->progress,
                   .progress_context = request->progress_context };
    struct curl_slist *headers = NULL;
    for (int i = 0; i < request->header_count; i++) {
        struct curl_slist *next = curl_slist_append(headers, request->headers[i]);
        if (next) headers = next;
    }
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, request->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request->timeout_ms > 0 ? request->timeout_ms : 1L);
    if (request->connect_timeout_ms > 0) curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, request->connect_timeout_ms);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->max_bytes);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (request->user_agent) curl_easy_setopt(curl, CURLOPT_USERAGENT, request->user_agent);
    if (request->ca_file) curl_easy_setopt(curl, CURLOPT_CAINFO, request->ca_file);
    if (headers) curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (request->body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, (const char *)request->body);
    }
    if (request->method) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request->method);
    if (request->out_fd >= 0) {
        // A file is stored as sent: no decoding of a gzip-encoded download.
        curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, NULL);
        curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
        if (request->progress) {
            curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
            curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        }
    }
    if (request->stall_seconds > 0) {
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, request->stall_seconds);
    }

    CURLcode code = curl_easy_perform(curl);
    response->curl_code = (int)code;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->status);
    char *location = NULL;
    if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) {
        response->redirect_url = strdup(location);
    }
    if (code != CURLE_OK && response->failure == GZ_HTTP_OK) {
        switch (code) {
        case CURLE_OPERATION_TIMEDOUT: response->failure = GZ_HTTP_TIMED_OUT; break;
        case CURLE_FILESIZE_EXCEEDED: response->failure = GZ_HTTP_DECLARED_TOO_LARGE; break;
        default: response->failure = GZ_HTTP_ERROR; break;
        }
        snprintf(response->error, sizeof response->error, "%s", error[0] ? error : curl_easy_strerror(code));
    }
    if (response->failure != GZ_HTTP_OK) {
        // Never hand back a body that was cut off.
        free(response->body);
        response->body = NULL;
        response->body_length = 0;
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return response->failure;
}

void gz_http_response_free(gz_http_response *response) {
    free(response->body);
    free(response->headers);
    free(response->redirect_url);
    response->body = NULL;
    response->headers = NULL;
    response->redirect_url = NULL;
}
