package check

import (
	"slices"
	"testing"
)

// TestAccountsIn: the 12-digit runs of a config are its accounts, sorted
// and once each; longer and shorter runs are not, and two ids sharing one
// separator are both found.
func TestAccountsIn(t *testing.T) {
	data := []byte(`account_id: "111122223333"
trusted: [444455556666,777788889999]
arn: arn:aws:iam::111122223333:role/x
too_long: 1111222233334
too_short: 11112222333
`)
	want := []string{"111122223333", "444455556666", "777788889999"}
	if got := AccountsIn(data); !slices.Equal(got, want) {
		t.Errorf("AccountsIn = %v, want %v", got, want)
	}
}
