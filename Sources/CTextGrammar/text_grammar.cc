// OpenFst behind the C boundary of text_grammar.h. The input string becomes a linear acceptor with one arc
// per UTF-8 byte (labels 1…255, as the grammars were compiled), is composed with the grammar, and the output
// labels of the shortest path are the result: the algorithm of the WeTextProcessing runtimes.
#include "text_grammar.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include <fst/fstlib.h>

struct text_grammar {
    std::unique_ptr<const fst::StdConstFst> fst;
};

namespace {

void write_error(char *error, size_t capacity, const std::string &message) {
    if (error == nullptr || capacity == 0) return;
    size_t count = message.size() < capacity - 1 ? message.size() : capacity - 1;
    std::memcpy(error, message.data(), count);
    error[count] = '\0';
}

fst::StdVectorFst string_acceptor(const char *input, size_t length) {
    using Arc = fst::StdArc;
    fst::StdVectorFst acceptor;
    acceptor.ReserveStates(static_cast<Arc::StateId>(length + 1));
    Arc::StateId state = acceptor.AddState();
    acceptor.SetStart(state);
    for (size_t index = 0; index < length; ++index) {
        // Bytes are labels 0…255 read unsigned; 0 (epsilon) never occurs in the text handed here.
        Arc::Label label = static_cast<unsigned char>(input[index]);
        Arc::StateId next = acceptor.AddState();
        acceptor.AddArc(state, Arc(label, label, Arc::Weight::One(), next));
        state = next;
    }
    acceptor.SetFinal(state, Arc::Weight::One());
    constexpr uint64_t string_properties = fst::kAcceptor | fst::kIDeterministic | fst::kODeterministic |
        fst::kILabelSorted | fst::kOLabelSorted | fst::kUnweighted | fst::kAcyclic | fst::kInitialAcyclic |
        fst::kTopSorted | fst::kAccessible | fst::kCoAccessible | fst::kString | fst::kUnweightedCycles;
    acceptor.SetProperties(string_properties, string_properties);
    return acceptor;
}

}  // namespace

extern "C" text_grammar *text_grammar_load(const char *path, char *error, size_t error_capacity) {
    // OpenFst's default ends the process on a malformed FST; a grammar that fails must only be refused.
    FLAGS_fst_error_fatal = false;
    try {
        std::unique_ptr<fst::StdFst> read(fst::StdFst::Read(path));
        if (!read) {
            write_error(error, error_capacity, std::string("cannot read an FST with standard arcs from ") + path);
            return nullptr;
        }
        auto grammar = new text_grammar;
        grammar->fst.reset(new fst::StdConstFst(*read));
        // Every property computed now: composition asks for some (label sorting), and OpenFst caches what it
        // learns with atomic updates; knowing them all up front leaves rewrites nothing to learn.
        grammar->fst->Properties(fst::kFstProperties, true);
        if (grammar->fst->Properties(fst::kError, false)) {
            delete grammar;
            write_error(error, error_capacity, std::string("invalid FST in ") + path);
            return nullptr;
        }
        return grammar;
    } catch (const std::bad_alloc &) {
        write_error(error, error_capacity, std::string("out of memory reading ") + path);
        return nullptr;
    }
}

extern "C" text_grammar_status text_grammar_rewrite(const text_grammar *grammar, const char *input, size_t length,
                                                    char **output, size_t *output_length) {
    using Arc = fst::StdArc;
    try {
        fst::StdVectorFst acceptor = string_acceptor(input, length);
        fst::StdVectorFst composed;
        // The grammar is an immutable ConstFst (composition only reads it, and the property cache is atomic):
        // concurrent rewrites need no lock.
        fst::Compose(acceptor, *grammar->fst, &composed);
        if (composed.Properties(fst::kError, false)) return TEXT_GRAMMAR_FAILED;
        if (composed.Start() == fst::kNoStateId) return TEXT_GRAMMAR_NO_PATH;
        fst::StdVectorFst best;
        fst::ShortestPath(composed, &best, 1);
        if (best.Properties(fst::kError, false)) return TEXT_GRAMMAR_FAILED;
        if (best.Start() == fst::kNoStateId) return TEXT_GRAMMAR_NO_PATH;

        std::string result;
        Arc::StateId state = best.Start();
        // The shortest path is linear: one arc per state; its length bounds the walk.
        for (Arc::StateId steps = 0; steps <= best.NumStates(); ++steps) {
            fst::ArcIterator<fst::StdVectorFst> arcs(best, state);
            if (arcs.Done()) break;
            const Arc &arc = arcs.Value();
            if (arc.olabel != 0) result.push_back(static_cast<char>(static_cast<unsigned char>(arc.olabel)));
            state = arc.nextstate;
        }
        char *buffer = static_cast<char *>(std::malloc(result.size() + 1));
        if (buffer == nullptr) return TEXT_GRAMMAR_FAILED;
        std::memcpy(buffer, result.data(), result.size());
        buffer[result.size()] = '\0';
        *output = buffer;
        *output_length = result.size();
        return TEXT_GRAMMAR_OK;
    } catch (const std::bad_alloc &) {
        return TEXT_GRAMMAR_FAILED;
    }
}

extern "C" void text_grammar_free_output(char *output) { std::free(output); }

extern "C" long text_grammar_state_count(const text_grammar *grammar) {
    return static_cast<long>(grammar->fst->NumStates());
}

extern "C" void text_grammar_free(text_grammar *grammar) { delete grammar; }
