#include "query_ast.h"

namespace refdex::query {

NodePtr make_node(NodeKind kind, std::size_t offset) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->offset = offset;
    return node;
}

namespace {

std::string render_leaf(const Node& leaf) {
    std::string out;
    if (leaf.field) out += std::string(field_label(*leaf.field)) + ":";
    if (leaf.quoted || leaf.text.find(' ') != std::string::npos) return out + "\"" + leaf.text + "\"";
    return out + leaf.text;
}

std::string join(const Node& node, const std::string& separator) {
    std::string out = "(";
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i) out += separator;
        out += render(*node.children[i]);
    }
    return out + ")";
}

std::string render_proximity(const Node& node, const std::string& op) {
    std::string out = "(";
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i) out += " " + op + "/" + std::to_string(node.gaps[i - 1]) + " ";
        out += render(*node.children[i]);
    }
    return out + ")";
}

}  // namespace

std::string render(const Node& node) {
    switch (node.kind) {
        case NodeKind::Leaf: return render_leaf(node);
        case NodeKind::MatchAll: return "*";
        case NodeKind::And: return join(node, " AND ");
        case NodeKind::Or: return join(node, " OR ");
        case NodeKind::AndNot: return join(node, " NOT ");
        case NodeKind::Near: return render_proximity(node, "NEAR");
        case NodeKind::Adj: return render_proximity(node, "ADJ");
        case NodeKind::Fielded:
            return std::string(field_label(*node.field)) + ":" + render(*node.children[0]);
    }
    return "?";
}

}  // namespace refdex::query
