// A narrow C boundary over OpenFst for text-normalisation grammars (compiled rewrite FSTs whose arcs carry
// UTF-8 bytes, as WeTextProcessing builds them). Nothing above this header sees C++.
#ifndef TEXT_GRAMMAR_H
#define TEXT_GRAMMAR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A loaded grammar: an immutable FST, safe to rewrite with from any number of threads at once.
typedef struct text_grammar text_grammar;

/// Outcome of `text_grammar_rewrite`.
typedef enum {
    TEXT_GRAMMAR_OK = 0,
    /// The grammar accepts no path for this input.
    TEXT_GRAMMAR_NO_PATH = 1,
    /// OpenFst failed (out of memory or an invalid FST); `output` is untouched.
    TEXT_GRAMMAR_FAILED = 2,
} text_grammar_status;

/// Reads an OpenFst file with standard (tropical) arcs. Returns NULL on failure and writes a message
/// (NUL-terminated, truncated to `error_capacity`) into `error` when it is not NULL.
text_grammar *text_grammar_load(const char *path, char *error, size_t error_capacity);

/// Rewrites `input` (`length` bytes of UTF-8, one byte per arc) through the grammar: the input string is
/// composed with the FST, and the output bytes of the shortest path are returned in a buffer of
/// `*output_length` bytes (plus a NUL) that the caller frees with `text_grammar_free_output`.
text_grammar_status text_grammar_rewrite(const text_grammar *grammar, const char *input, size_t length,
                                         char **output, size_t *output_length);

/// Frees a buffer returned by `text_grammar_rewrite`.
void text_grammar_free_output(char *output);

/// Number of states of the grammar (a size figure for logs).
long text_grammar_state_count(const text_grammar *grammar);

/// Frees a grammar; NULL is ignored.
void text_grammar_free(text_grammar *grammar);

#ifdef __cplusplus
}
#endif

#endif
