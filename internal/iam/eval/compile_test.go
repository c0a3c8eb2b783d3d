package eval

import "testing"

// TestCutColon: an action is service:name with exactly one colon; the
// service is reported as needing lower-casing when it has upper case.
func TestCutColon(t *testing.T) {
	tests := []struct {
		in        string
		svc, name string
		upper, ok bool
	}{
		{"s3:GetObject", "s3", "GetObject", false, true},
		{"S3:GetObject", "S3", "GetObject", true, true},
		{"s3:Get:Object", "", "", false, false},
		{"iam:PassRoleWithAVeryLongName:x", "", "", false, false},
		{"s3", "", "", false, false},
		{":x", "", "x", false, true},
	}
	for _, tt := range tests {
		svc, name, upper, ok := cutColon(tt.in)
		if svc != tt.svc || name != tt.name || upper != tt.upper || ok != tt.ok {
			t.Errorf("cutColon(%q) = %q, %q, %v, %v; want %q, %q, %v, %v", tt.in, svc, name, upper, ok, tt.svc, tt.name, tt.upper, tt.ok)
		}
	}
}

// TestPrefixPatternsMatchAsTokens: a pattern kept as a prefix (a literal
// and one trailing *) matches exactly what its tokens would.
func TestPrefixPatternsMatchAsTokens(t *testing.T) {
	c := compiler{a: &arena{}}
	inputs := []string{"", "Get", "GetObject", "getobject", "Put", "bucket/", "bucket/a/b", "BUCKET/x", "ab", "a", "é*"}
	for _, s := range []string{"*", "Get*", "bucket/*", "a*", "é*", "Ge?*"} {
		var viaWild, viaTokens pattern
		c.wild(&viaWild, s, true, false)
		c.tokenize(&viaTokens, s, true, false)
		for _, in := range inputs {
			for _, fold := range []bool{false, true} {
				m1, ok1 := viaWild.match(in, nil, fold)
				m2, ok2 := viaTokens.match(in, nil, fold)
				if m1 != m2 || ok1 != ok2 {
					t.Errorf("%q on %q (fold %v): as compiled %v/%v, as tokens %v/%v", s, in, fold, m1, ok1, m2, ok2)
				}
			}
		}
	}
}
