package config

import (
	"regexp"
	"testing"
)

// TestSchemaPatternsCompiledOnFirstMatch: a schema pattern is checked when
// the schema is compiled (with regexp.Compile's error) and compiled on its
// first match, then matches as regexp does.
func TestSchemaPatternsCompiledOnFirstMatch(t *testing.T) {
	for _, bad := range []string{`[a-`, `a{1,1001}`, `(?<name`, `x**`} {
		_, want := regexp.Compile(bad)
		_, got := compileRegexp(bad)
		if want == nil || got == nil || got.Error() != want.Error() {
			t.Errorf("pattern %q: error %v, regexp.Compile's %v", bad, got, want)
		}
	}
	pattern := `^[A-Za-z0-9_./#-]{1,512}$`
	re, err := compileRegexp(pattern)
	if err != nil {
		t.Fatal(err)
	}
	lazy := re.(*lazyRegexp)
	if lazy.re != nil || re.String() != pattern {
		t.Fatalf("pattern compiled before its first match, or named %q", re.String())
	}
	std := regexp.MustCompile(pattern)
	for _, s := range []string{"", "a", "a b", "x/y#z", string(make([]byte, 513)), "é"} {
		if got, want := re.MatchString(s), std.MatchString(s); got != want {
			t.Errorf("%q: lazy %v, regexp %v", s, got, want)
		}
	}
	if again, _ := compileRegexp(pattern); again != re || lazy.re == nil {
		t.Error("the pattern is not shared, or not compiled after a match")
	}
}
