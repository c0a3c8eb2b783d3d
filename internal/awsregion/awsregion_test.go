package awsregion

import "testing"

func TestLookup(t *testing.T) {
	for name, want := range map[string]Region{
		"us-east-1":      {Partition: "aws", Known: true},
		"cn-northwest-1": {Partition: "aws-cn", Known: true},
		"us-gov-west-1":  {Partition: "aws-us-gov", Known: true},
		"us-nowhere-9":   {Partition: "aws"}, // shaped like one, not listed
		"useast1":        {},
		"aws-global":     {}, // the SDK's pseudo-region is not a region
	} {
		if got := Lookup(name); got != want {
			t.Errorf("Lookup(%q) = %+v, want %+v", name, got, want)
		}
	}
	if n := len(Names()); n < 40 {
		t.Errorf("%d regions known", n)
	}
}
