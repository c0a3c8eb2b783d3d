package finding

import "testing"

func TestSuggest(t *testing.T) {
	cands := []string{"tenant_id", "company_prefix", "account_id"}
	for in, want := range map[string]string{"tenantid": "tenant_id", "tennant_id": "tenant_id", "acount_id": "account_id", "region": ""} {
		if got := Suggest(in, cands); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
