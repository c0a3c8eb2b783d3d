package yamltree

import (
	"unicode/utf8"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// tokenize lexes data for goccy's parser, giving back to plain scalars in
// flow collections the colons goccy splits them at (rejoinFlowColons), and
// an explicit empty value to every tag or anchor that stands without
// content of its own.
//
// goccy/go-yaml (v1.19.2) reads a property with nothing after it on its line
// as applying to whatever comes next, at any indentation:
//
//	DisplayName: !GetAZs
//	BogusProp: 1
//
// parses as DisplayName: !GetAZs {BogusProp: 1}, so a sibling, or a whole
// section further left, vanishes into the tag. In YAML (and in
// CloudFormation's parser) the tag's node is empty there and BogusProp is
// DisplayName's sibling; the node is empty too when a flow collection's
// "," or closing bracket follows the property, which goccy rejects outright.
// An empty quoted scalar token after such a property says exactly that to
// goccy; the text and every other token's position stay as they were.
func tokenize(data []byte) token.Tokens {
	tokens := lexer.Tokenize(string(data))
	if n := len(data); n > 0 && data[n-1] != '\n' {
		// goccy's lexer drops a property that ends the text ("B: !GetAZs"
		// with no newline); a newline brings it back. Only then: a block
		// scalar ending the text would gain a line break.
		if more := lexer.Tokenize(string(data) + "\n"); len(more) > len(tokens) {
			tokens = more
		}
	}
	fixTagColumns(tokens)
	tokens = rejoinFlowColons(tokens)
	at := emptyProperties(tokens)
	if len(at) == 0 {
		return tokens
	}
	out := make(token.Tokens, 0, len(tokens)+len(at))
	for _, tk := range tokens {
		out.Add(tk)
		if len(at) > 0 && tk == at[0] {
			at = at[1:]
			pos := *tk.Position
			pos.Column += utf8.RuneCountInString(tk.Value)
			pos.Offset += utf8.RuneCountInString(tk.Value)
			out.Add(token.SingleQuote("", "''", &pos))
		}
	}
	return out
}

// fixTagColumns corrects the columns goccy's scanner (v1.19.2) gives the
// tokens after a tag on the tag's line: one too few for each tag before
// them on the line ("B: !Ref X" puts X at the space before it). Positions
// are the text's own, the columns an editor shows and yaml.v3 gives.
func fixTagColumns(tokens token.Tokens) {
	line, shift := 0, 0
	var last *token.Position
	for _, tk := range tokens {
		p := tk.Position
		if p == nil || p == last {
			continue
		}
		last = p
		if p.Line != line {
			line, shift = p.Line, 0
		}
		p.Column += shift
		p.Offset += shift
		if tk.Type == token.TagType {
			shift++
		}
	}
}

// emptyProperties returns the last token of each run of node properties (a
// tag, an anchor and its name) whose node has no content: what follows is a
// flow separator or closer, the end of the document, or a line not indented
// into the node (for a mapping value, further right than its key, or a
// sequence at the key's column; for a sequence entry, further right than its
// dash).
func emptyProperties(tokens token.Tokens) []*token.Token {
	var out []*token.Token
	flow := 0
	for i := 0; i < len(tokens); i++ {
		tk := tokens[i]
		flow = flowDepth(flow, tk)
		if tk.Type != token.TagType && tk.Type != token.AnchorType {
			continue
		}
		start, end := i, propertiesEnd(tokens, i)
		i = end
		next := nextContent(tokens, end)
		if !emptyNode(tokens, start, tokens[end], next, flow > 0) {
			continue
		}
		out = append(out, tokens[end])
	}
	return out
}

// propertiesEnd returns the index of the last token of the properties that
// start at i: tags and anchors (with their names) on one line.
func propertiesEnd(tokens token.Tokens, i int) int {
	line := tokens[i].Position.Line
	for {
		if tokens[i].Type == token.AnchorType && i+1 < len(tokens) && tokens[i+1].Position.Line == line {
			i++ // the anchor's name
		}
		if i+1 < len(tokens) && tokens[i+1].Position.Line == line &&
			(tokens[i+1].Type == token.TagType || tokens[i+1].Type == token.AnchorType) {
			i++
			continue
		}
		return i
	}
}

// nextContent returns the first token after i that is not a comment, or nil.
func nextContent(tokens token.Tokens, i int) *token.Token {
	for j := i + 1; j < len(tokens); j++ {
		if tokens[j].Type != token.CommentType {
			return tokens[j]
		}
	}
	return nil
}

func emptyNode(tokens token.Tokens, start int, last, next *token.Token, inFlow bool) bool {
	if next == nil {
		return true
	}
	switch next.Type {
	case token.DocumentEndType, token.DocumentHeaderType:
		return true
	case token.CollectEntryType, token.MappingEndType, token.SequenceEndType:
		return inFlow
	}
	if inFlow || next.Position.Line == last.Position.Line {
		return false
	}
	col := next.Position.Column
	if start == 0 {
		return false // the document's own node
	}
	switch owner := tokens[start-1]; owner.Type {
	case token.MappingValueType:
		if start < 2 {
			return false
		}
		key := tokens[start-2].Position.Column
		if next.Type == token.SequenceEntryType {
			return col < key
		}
		return col <= key
	case token.SequenceEntryType, token.MappingKeyType:
		return col <= owner.Position.Column
	}
	return false
}

// flowDepth is the depth of flow collections after tk, at depth before it.
func flowDepth(depth int, tk *token.Token) int {
	switch tk.Type {
	case token.MappingStartType, token.SequenceStartType:
		return depth + 1
	case token.MappingEndType, token.SequenceEndType:
		return max(depth-1, 0)
	}
	return depth
}
