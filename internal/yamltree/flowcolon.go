package yamltree

import (
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// rejoinFlowColons gives back to a plain scalar in a flow collection the
// colons goccy splits it at.
//
// In YAML (1.2, and PyYAML, which cfn-lint reads templates with), a ':'
// inside a flow collection separates a key from its value only when a
// space, a line break or a flow indicator follows it; between two plain
// characters it is part of the scalar. goccy/go-yaml (v1.19.2) splits at
// such a colon inside a flow mapping, at any depth, so
//
//	Condition: {StringEquals: {iam:PassedToService: ec2.amazonaws.com}}
//	Conditions: {InUsEast1: !Equals [!Ref AWS::Region, us-east-1]}
//	PolicyDocument: {Statement: [{Action: [s3:*], …}]}
//
// were read as the key "iam" holding "PassedToService: ec2.amazonaws.com",
// a !Ref of {AWS: ":Region"}, and a syntax error (s3:* lexed as s3, ':'
// and an alias). Where a plain scalar in a flow collection is glued to a
// ':' and the ':' to what follows, the scalar is read again from the text,
// to its end as YAML defines it, and goccy's tokens that fall inside it are
// replaced by it; the rest of the last of them (the indicator ':' and a
// value goccy joined to the scalar) is lexed again on its own. A scalar
// that runs onto another line is left as goccy read it.
func rejoinFlowColons(tokens token.Tokens) token.Tokens {
	if !hasGluedColon(tokens) {
		return tokens
	}
	out := make(token.Tokens, 0, len(tokens))
	flow := 0
	for i := 0; i < len(tokens); i++ {
		tk := tokens[i]
		flow = flowDepth(flow, tk)
		if flow > 0 && i+2 < len(tokens) && colonGlued(tk, tokens[i+1], tokens[i+2]) {
			if repl, next, ok := rescan(tokens, i); ok {
				out.Add(repl...)
				i = next - 1
				continue
			}
		}
		out.Add(tk)
	}
	return out
}

// hasGluedColon says whether any ':' token has a plain scalar before it
// and a token after it with no space on either side, the only case
// rejoinFlowColons looks at: most files have none, and keep goccy's tokens.
func hasGluedColon(tokens token.Tokens) bool {
	for i := 0; i+2 < len(tokens); i++ {
		if colonGlued(tokens[i], tokens[i+1], tokens[i+2]) {
			return true
		}
	}
	return false
}

// colonGlued says whether key, colon and next were written on one line
// with nothing between them, key a plain scalar.
func colonGlued(key, colon, next *token.Token) bool {
	if colon.Type != token.MappingValueType || !plainScalar(key) {
		return false
	}
	kp, cp, np := key.Position, colon.Position, next.Position
	if kp == nil || cp == nil || np == nil || kp.Line != cp.Line || cp.Line != np.Line {
		return false
	}
	return kp.Column+utf8.RuneCountInString(key.Value) == cp.Column && np.Column == cp.Column+1 &&
		next.Origin != "" && next.Origin[0] != ' ' && next.Origin[0] != '\t'
}

// plainScalar says whether tk is a scalar written without quotes on one line.
func plainScalar(tk *token.Token) bool {
	switch tk.Type {
	case token.StringType, token.NullType, token.BoolType, token.IntegerType, token.BinaryIntegerType,
		token.OctetIntegerType, token.HexIntegerType, token.FloatType, token.InfinityType, token.NanType:
		return strings.TrimLeft(tk.Origin, " \t") == tk.Value
	}
	return false
}

// rescan reads the plain scalar that starts at tokens[i] again, as YAML
// reads one in a flow collection, from the text goccy's tokens hold (their
// origins, which join to the text as written), and returns the tokens that
// stand for it and for the rest of the last goccy token it overlaps, and
// the index of the first token after those. Positions are counted from the
// scalar's own, in goccy's columns. ok is false where the text does not
// bear the repair out; goccy's tokens then stay.
func rescan(tokens token.Tokens, i int) (repl []*token.Token, next int, ok bool) {
	start := tokens[i].Position
	joined := tokens[i].Value
	end := -1
	for next := i + 1; next < len(tokens) && end < 0; next++ {
		o := tokens[next].Origin
		if strings.ContainsAny(o, "\r\n") {
			if plainScalar(tokens[next]) || tokens[next].Type == token.StringType {
				return nil, 0, false // a scalar that goes on on the next line
			}
			end = len(joined)
			break
		}
		joined += o
		// A ':' that ends the text so far may be followed by more.
		if e := flowScalarEnd(joined); e < len(joined) && e+1 < len(joined) {
			end = e
		}
	}
	if end < 0 {
		end = flowScalarEnd(joined)
	}
	// The tokens that start before end are the scalar's; the last of them
	// may run past it.
	text := strings.TrimRight(joined[:end], " \t")
	repl = []*token.Token{token.New(text, text, shifted(start, 0))}
	used := len(tokens[i].Value)
	for next = i + 1; next < len(tokens); next++ {
		o := tokens[next].Origin
		if used+len(o)-len(strings.TrimLeft(o, " \t")) >= end || strings.ContainsAny(o, "\r\n") {
			break
		}
		used += len(o)
	}
	if used <= end {
		return repl, next, true
	}
	rest := joined[end:used]
	lead := len(rest) - len(strings.TrimLeft(rest, " \t"))
	base := utf8.RuneCountInString(joined[:end]) + lead
	more := lexer.Tokenize(rest[lead:])
	fixTagColumns(more)
	for _, t := range more {
		if t.Position == nil || t.Position.Line != 1 {
			return nil, 0, false
		}
		t.Position = shifted(start, base+t.Position.Column-1)
		repl = append(repl, t)
	}
	return repl, next, true
}

// flowScalarEnd is the byte index where the plain scalar at the start of
// text ends inside a flow collection: at a flow indicator, at a ':'
// followed by a space, a flow indicator or the end of the text, or at a
// comment; len(text) when it runs on.
func flowScalarEnd(text string) int {
	for j := 0; j < len(text); j++ {
		switch c := text[j]; c {
		case ',', '[', ']', '{', '}':
			return j
		case ':':
			if j+1 == len(text) || strings.IndexByte(" \t,[]{}", text[j+1]) >= 0 {
				return j
			}
		case '#':
			if j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
				return j
			}
		}
	}
	return len(text)
}

// shifted is p moved n columns right.
func shifted(p *token.Position, n int) *token.Position {
	q := *p
	q.Column += n
	q.Offset += n
	return &q
}
