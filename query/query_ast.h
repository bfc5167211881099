// The parsed form of a query: a tree of boolean, proximity and field nodes
// over leaves of user text. Leaves keep the text as typed (not yet folded or
// split into words): how to split depends on the field, and the field of a
// leaf may come from an enclosing title:( ... ) or a [tag] after a group,
// which the compiler passes down.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query_fields.h"

namespace refdex::query {

struct Node;
using NodePtr = std::unique_ptr<Node>;

enum class NodeKind {
    Leaf,      // a word, truncated word, several words (phrase) or field value
    MatchAll,  // '*', or the left side of a leading NOT
    And,       // all children
    Or,        // any child
    AndNot,    // children[0] but not children[1]
    Near,      // leaves within a window, any order
    Adj,       // leaves within a window, in order
    Fielded,   // children[0] searched in `field` (unless a leaf says otherwise)
};

struct Node {
    NodeKind kind = NodeKind::Leaf;
    std::size_t offset = 0;          // where the node starts in the query text

    // Leaf: the text as typed and the byte offset where it starts (inside
    // the quotes for a phrase), so errors can point into it.
    std::string text;
    std::size_t text_offset = 0;
    bool quoted = false;

    // Leaf: its own field (from field: or [tag]), if any. Fielded: the field.
    std::optional<Field> field;

    // Near/Adj: gaps[i] is the n between children[i] and children[i+1].
    std::vector<unsigned> gaps;

    std::vector<NodePtr> children;
};

NodePtr make_node(NodeKind kind, std::size_t offset);

// The tree in the query language's own syntax, fully parenthesised, e.g.
// (any:care AND title:"integrated care"): the first line of --explain.
std::string render(const Node& node);

}  // namespace refdex::query
