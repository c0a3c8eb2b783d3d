package cfn

import (
	"regexp"
	"strings"
	"testing"
)

// TestValidLogicalID holds the hand loop to the rule: 1 to 255 ASCII
// letters and digits.
func TestValidLogicalID(t *testing.T) {
	rule := regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
	for _, id := range []string{"", "A", "Bucket1", "my-bucket", "a_b", "Ünïcode", "x y", strings.Repeat("a", 255), strings.Repeat("a", 256), "9", "a\x00"} {
		if got, want := ValidLogicalID(id), rule.MatchString(id); got != want {
			t.Errorf("ValidLogicalID(%q) = %v, want %v", id, got, want)
		}
	}
}
