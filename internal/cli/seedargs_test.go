package cli

import (
	"slices"
	"testing"
)

// TestSeedArgs: the seed tools' -con and -act become -c and the command;
// anything else, and everything after "--", is left as it was.
func TestSeedArgs(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"validate", "-c", "a.yaml"}, []string{"validate", "-c", "a.yaml"}},
		{[]string{"-con", "a.yaml", "-act", "deploy-product", "--force"}, []string{"deploy-product", "-c", "a.yaml", "--force"}},
		{[]string{"--act=check-drift", "--con=a.yaml", "--con", "b.yaml"}, []string{"check-drift", "-c", "a.yaml", "-c", "b.yaml"}},
		{[]string{"generate", "-con", "a.yaml"}, []string{"generate", "-c", "a.yaml"}},
		{[]string{"check", "--", "-con", "x"}, []string{"check", "--", "-con", "x"}},
	} {
		got, err := seedArgs(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("seedArgs(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
