#include "query_parser.h"

#include <algorithm>

#include "query_compiler.h"

namespace refdex::query {

namespace {

// Deeper nesting than this is certainly a mistake and would risk the stack.
constexpr int kMaxDepth = 100;
// Xapian 1.4's matcher recomputes the whole OR tree's maximum weight each
// time one term's posting list ends, so a query's cost grows with the square
// of its terms (measured: 1,000 unqualified words 0.3 CPU-s, 2,000 1.3 s,
// 10,000 49 s). Refuse clearly rather than look hung.
constexpr std::size_t kMaxTerms = 2000;

bool starts_operand(TokenKind kind) {
    return kind == TokenKind::Word || kind == TokenKind::Phrase || kind == TokenKind::Field ||
           kind == TokenKind::LParen;
}

class Parser {
public:
    Parser(std::string_view text, const std::vector<Token>& tokens) : text_(text), tokens_(tokens) {}

    NodePtr run() {
        if (peek().kind == TokenKind::End) return make_node(NodeKind::MatchAll, 0);
        NodePtr root = or_expr();
        if (peek().kind == TokenKind::RParen)
            throw QueryError(peek().offset, "Unbalanced parenthesis: this ')' has no matching '('.");
        if (peek().kind != TokenKind::End)  // cannot happen with this grammar; be explicit anyway
            throw QueryError(peek().offset, "Unexpected " + describe(peek()) + ".");
        return root;
    }

private:
    const Token& peek(std::size_t ahead = 0) const {
        const std::size_t i = pos_ + ahead;
        return i < tokens_.size() ? tokens_[i] : tokens_.back();
    }
    const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

    NodePtr or_expr() {
        NodePtr left = and_expr();
        if (peek().kind != TokenKind::Or) return left;
        NodePtr node = make_node(NodeKind::Or, left->offset);
        node->children.push_back(std::move(left));
        while (peek().kind == TokenKind::Or) {
            const Token& op = next();
            node->children.push_back(and_expr(&op));
        }
        return node;
    }

    // `after` is the operator before this expression, for error messages.
    NodePtr and_expr(const Token* after = nullptr) {
        NodePtr left;
        if (is_negation(peek().kind)) {
            const Token& op = next();
            left = and_not(make_node(NodeKind::MatchAll, op.offset), operand(op));
        } else {
            left = prox(after);
        }
        std::vector<NodePtr> all;
        all.push_back(std::move(left));
        for (;;) {
            const TokenKind kind = peek().kind;
            if (kind == TokenKind::And && is_negation(peek(1).kind)) next();  // AND NOT = NOT
            if (is_negation(peek().kind)) {
                const Token& op = next();
                NodePtr excluded = operand(op);
                NodePtr kept = combine_and(std::move(all));
                all.clear();
                all.push_back(and_not(std::move(kept), std::move(excluded)));
            } else if (peek().kind == TokenKind::And) {
                const Token& op = next();
                all.push_back(operand(op));
            } else if (starts_operand(peek().kind)) {
                all.push_back(prox(nullptr));
            } else {
                break;
            }
        }
        return combine_and(std::move(all));
    }

    static bool is_negation(TokenKind kind) { return kind == TokenKind::Not || kind == TokenKind::Minus; }

    static NodePtr and_not(NodePtr kept, NodePtr excluded) {
        NodePtr node = make_node(NodeKind::AndNot, kept->offset);
        node->children.push_back(std::move(kept));
        node->children.push_back(std::move(excluded));
        return node;
    }

    static NodePtr combine_and(std::vector<NodePtr> all) {
        if (all.size() == 1) return std::move(all.front());
        NodePtr node = make_node(NodeKind::And, all.front()->offset);
        node->children = std::move(all);
        return node;
    }

    // The proximity expression after operator `op`; reports a missing one.
    NodePtr operand(const Token& op) { return prox(&op); }

    NodePtr prox(const Token* after) {
        NodePtr first = primary(after);
        if (peek().kind != TokenKind::Near && peek().kind != TokenKind::Adj) return first;
        const TokenKind op_kind = peek().kind;
        const std::size_t offset = first->offset;
        std::vector<std::vector<NodePtr>> operands;  // each operand's alternatives (an OR group's words)
        std::vector<unsigned> gaps;
        std::vector<const Token*> ops;
        operands.push_back(proximity_operand(std::move(first), peek()));
        while (peek().kind == TokenKind::Near || peek().kind == TokenKind::Adj) {
            const Token& op = next();
            ops.push_back(&op);
            gaps.push_back(op.number);
            // One window holds the whole chain: past kMaxProximity it would
            // reach across the gap between fields and between values.
            unsigned span = 0;
            for (unsigned gap : gaps) span += gap;
            if (span > kMaxProximity)
                throw QueryError(op.offset, "This " + op.text + " chain spans " + std::to_string(span) +
                                                " words in all; at most " + std::to_string(kMaxProximity) +
                                                ", so that it cannot reach from one field or value into the next.");
            operands.push_back(proximity_operand(primary(&op), op));
        }
        NodeKind kind = op_kind == TokenKind::Near ? NodeKind::Near : NodeKind::Adj;
        if (std::any_of(ops.begin(), ops.end(), [&](const Token* op) { return op->kind != op_kind; })) {
            join_adjacent_words(operands, gaps, ops);
            kind = NodeKind::Near;
        }
        return proximity_alternatives(kind, offset, operands, gaps);
    }

    // "random* ADJ/1 sampl* NEAR/8 survey*" (the Cochrane Embase.com filter's
    // NEXT/1 beside NEAR/8): read left to right, words joined by ADJ/1 are a
    // phrase, an operand of the NEAR chain. Any other ADJ beside NEAR is an error.
    static void join_adjacent_words(std::vector<std::vector<NodePtr>>& operands, std::vector<unsigned>& gaps,
                                    std::vector<const Token*>& ops) {
        for (std::size_t i = ops.size(); i-- > 0;) {
            if (ops[i]->kind != TokenKind::Adj) continue;
            auto& left = operands[i];
            auto& right = operands[i + 1];
            const bool words = left.size() == 1 && right.size() == 1 && left[0]->field == right[0]->field;
            if (ops[i]->number != 1 || !words)
                throw QueryError(ops[i]->offset, "NEAR and ADJ mix in one chain only as ADJ/1 (NEXT/1) between two "
                                                 "words, which are then a phrase; otherwise use one operator for all "
                                                 "the words, or combine the chains with AND.");
            left[0]->text += " " + right[0]->text;
            left[0]->quoted = true;
            operands.erase(operands.begin() + static_cast<std::ptrdiff_t>(i) + 1);
            gaps.erase(gaps.begin() + static_cast<std::ptrdiff_t>(i));
            ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(i));
        }
    }

    // The words a proximity operand stands for: a leaf, or an OR group of
    // leaves ("(heart OR cardiac) NEAR/3 failure", the Cochrane Library's
    // commonest line), which the chain is distributed over.
    static std::vector<NodePtr> proximity_operand(NodePtr node, const Token& op) {
        std::vector<NodePtr> words;
        if (!collect_or_leaves(std::move(node), words, op))
            throw QueryError(words.empty() ? op.offset : words.front()->offset,
                             op.text + " needs a word (or truncated word) or an OR group of words on each side, "
                                       "not another group or '*'.");
        return words;
    }

    static bool collect_or_leaves(NodePtr node, std::vector<NodePtr>& words, const Token& op) {
        if (node->kind == NodeKind::Leaf) {
            words.push_back(std::move(node));
            return true;
        }
        if (node->kind != NodeKind::Or) {
            words.clear();
            words.push_back(std::move(node));
            return false;
        }
        for (NodePtr& child : node->children)
            if (!collect_or_leaves(std::move(child), words, op)) return false;
        return true;
    }

    static NodePtr copy_leaf(const Node& leaf) {
        NodePtr copy = make_node(NodeKind::Leaf, leaf.offset);
        copy->text = leaf.text;
        copy->text_offset = leaf.text_offset;
        copy->quoted = leaf.quoted;
        copy->field = leaf.field;
        return copy;
    }

    // One chain per choice of a word from each operand, ORed (one chain
    // when every operand is a single word).
    static NodePtr proximity_alternatives(NodeKind kind, std::size_t offset,
                                          const std::vector<std::vector<NodePtr>>& operands,
                                          const std::vector<unsigned>& gaps) {
        constexpr std::size_t kMaxChains = 1024;
        std::size_t chains = 1;
        for (const auto& words : operands) {
            chains *= words.size();
            if (chains > kMaxChains)
                throw QueryError(offset, "this proximity chain stands for more than " + std::to_string(kMaxChains) +
                                             " word combinations; truncate words (heart*) or split the groups.");
        }
        std::vector<std::size_t> choice(operands.size(), 0);
        NodePtr any = make_node(NodeKind::Or, offset);
        for (std::size_t n = 0; n < chains; ++n) {
            NodePtr chain = make_node(kind, offset);
            chain->gaps = gaps;
            for (std::size_t i = 0; i < operands.size(); ++i) chain->children.push_back(copy_leaf(*operands[i][choice[i]]));
            any->children.push_back(std::move(chain));
            for (std::size_t i = operands.size(); i-- > 0;) {
                if (++choice[i] < operands[i].size()) break;
                choice[i] = 0;
            }
        }
        if (any->children.size() == 1) return std::move(any->children.front());
        return any;
    }

    NodePtr primary(const Token* after) {
        missing_operand_check(after);
        std::optional<Field> field;
        std::size_t start = peek().offset;
        if (peek().kind == TokenKind::Field) {
            const Token& name = next();
            field = name.field;
            if (!starts_operand(peek().kind) || peek().kind == TokenKind::Field)
                throw QueryError(name.offset, "'" + name.text + "' needs a word, a \"phrase\" or a (group) "
                                                                 "after it.");
        }
        NodePtr node = atom(!field);
        if (field) node = apply_field(std::move(node), *field, start);
        while (peek().kind == TokenKind::Tag) node = apply_field(std::move(node), next().field, start);
        return node;
    }

    void missing_operand_check(const Token* after) const {
        const Token& t = peek();
        if (starts_operand(t.kind)) return;
        if (t.kind == TokenKind::Tag)
            throw QueryError(t.offset, "The tag " + t.text + " must follow a term, as in wistow g[au].");
        if (after) throw QueryError(after->offset, "'" + after->text + "' needs a term after it.");
        if (t.kind == TokenKind::RParen)
            throw QueryError(t.offset, "Unbalanced parenthesis: this ')' has no matching '('.");
        if (t.kind == TokenKind::End) throw QueryError(t.offset, "The query ends where a term was expected.");
        throw QueryError(t.offset, "'" + t.text + "' needs a term before it.");
    }

    // A leaf takes the field itself (so NEAR can see it); anything else is
    // wrapped, and the compiler passes the field down to the leaves in it.
    static NodePtr apply_field(NodePtr node, Field field, std::size_t start) {
        if (node->kind == NodeKind::Leaf && !node->field) {
            node->field = field;
            node->offset = start;  // errors about the leaf point at its field name
            return node;
        }
        NodePtr wrapper = make_node(NodeKind::Fielded, start);
        wrapper->field = field;
        wrapper->children.push_back(std::move(node));
        return wrapper;
    }

    NodePtr atom(bool allow_run) {
        const Token& t = peek();
        if (t.kind == TokenKind::LParen) return group();
        if (t.kind == TokenKind::Phrase) {
            next();
            NodePtr leaf = make_leaf(t.text, t.offset, t.text_offset);
            leaf->quoted = true;
            return leaf;
        }
        // t is a Word (primary() checked starts_operand).
        if (allow_run) {
            std::size_t last = pos_;
            while (tokens_[last + 1].kind == TokenKind::Word) ++last;
            if (last > pos_ && tokens_[last + 1].kind == TokenKind::Tag) return tagged_run(last);
            if (t.text == "*" && tokens_[pos_ + 1].kind != TokenKind::Tag) {
                next();
                return make_node(NodeKind::MatchAll, t.offset);
            }
        }
        next();
        return make_leaf(t.text, t.offset, t.offset);
    }

    // Words pos_..last followed by a [tag]: one leaf with the original text.
    NodePtr tagged_run(std::size_t last) {
        const std::size_t begin = tokens_[pos_].offset;
        const std::size_t end = tokens_[last].end;
        pos_ = last + 1;
        return make_leaf(std::string(text_.substr(begin, end - begin)), begin, begin);
    }

    NodePtr group() {
        const Token& open = next();
        if (++depth_ > kMaxDepth)
            throw QueryError(open.offset, "Parentheses are nested too deeply (more than " +
                                              std::to_string(kMaxDepth) + " levels).");
        if (peek().kind == TokenKind::RParen)
            throw QueryError(open.offset, "Empty parentheses: put a search term between them.");
        if (peek().kind == TokenKind::End)
            throw QueryError(open.offset, "Unbalanced parenthesis: the '(' here is never closed.");
        NodePtr inner = or_expr();
        if (peek().kind != TokenKind::RParen)
            throw QueryError(open.offset, "Unbalanced parenthesis: the '(' here is never closed.");
        next();
        --depth_;
        return inner;
    }

    NodePtr make_leaf(std::string text, std::size_t offset, std::size_t text_offset) {
        if (++terms_ > kMaxTerms)
            throw QueryError(offset, "The query has more than " + std::to_string(kMaxTerms) +
                                         " search terms; split it into several searches.");
        NodePtr leaf = make_node(NodeKind::Leaf, offset);
        leaf->text = std::move(text);
        leaf->text_offset = text_offset;
        return leaf;
    }

    std::string_view text_;
    const std::vector<Token>& tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    std::size_t terms_ = 0;
};

}  // namespace

NodePtr parse(std::string_view text, const std::vector<Token>& tokens) { return Parser(text, tokens).run(); }

}  // namespace refdex::query
