package cfn

import (
	"fmt"
	"testing"
)

// TestCompactSizeLimit: under its limit CompactSize is the compact JSON's
// length exactly; past it, limit+1 however far past, so a caller can stop
// encoding a large template early and still decide as the full size would.
func TestCompactSizeLimit(t *testing.T) {
	resources := M()
	for i := range 200 {
		resources.Set(fmt.Sprintf("Topic%03d", i), M("Type", "AWS::SNS::Topic",
			"Properties", M("TopicName", fmt.Sprintf("topic-%d", i), "Tags", []any{M("Key", "k", "Value", "v")})))
	}
	doc := M("AWSTemplateFormatVersion", "2010-09-09", "Resources", resources)
	raw, err := marshalJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	full := len(raw)
	for _, limit := range []int{1, 10, full / 3, full - 1, full, full + 1, 10 * full} {
		got := CompactSize(doc, limit)
		want := full
		if full > limit {
			want = limit + 1
		}
		if got != want {
			t.Errorf("CompactSize(doc, %d) = %d, want %d (full size %d)", limit, got, want, full)
		}
	}
	if got := CompactSize(M("Bad", func() {}), 100); got != -1 {
		t.Errorf("a value that does not encode: %d, want -1", got)
	}
}
