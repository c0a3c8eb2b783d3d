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
