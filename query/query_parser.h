// Recursive-descent parser: tokens -> Node tree. Grammar (lowest precedence
// first; see README "Query language"):
//
//   query    := [ or_expr ] END                       empty query = match all
//   or_expr  := and_expr { "OR" and_expr }
//   and_expr := [ "NOT" | "-" ] prox
//               { [ "AND" ] prox | ( "NOT" | "AND NOT" | "-" ) prox }
//   prox     := primary { ( "NEAR[/n]" | "ADJ[/n]" ) primary }
//   primary  := [ FIELD ":" ] atom { "[" TAG "]" }
//   atom     := WORD | "*" | PHRASE | "(" or_expr ")" | WORD WORD... "[" TAG "]"
//
// A leading NOT (or '-') means "everything except". A [tag] applies to the
// preceding phrase or group, or to the whole run of bare words before it back
// to the previous operator, parenthesis, phrase, field or tag (PubMed's rule):
// "cancer AND wistow g[au]" searches the author phrase "wistow g".
#pragma once

#include <string_view>
#include <vector>

#include "query_ast.h"
#include "query_lexer.h"

namespace refdex::query {

// Throws QueryError. `text` is the query the tokens came from (tagged word
// runs keep their original spacing). Returns a MatchAll node for no tokens.
NodePtr parse(std::string_view text, const std::vector<Token>& tokens);

}  // namespace refdex::query
