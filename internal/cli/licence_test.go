package cli

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/testutil/recorded"
)

// TestLicence: with a product SKU, every command but version first checks
// out the entitlement from License Manager (recorded answers in the API's
// shape: moto has no License Manager); without one, no call is made.
func TestLicence(t *testing.T) {
	config, err := filepath.Abs("../../examples/sec/startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	caller := recorded.CallerIdentity("012345678901")
	entitled := func(expires string) recorded.Answer {
		return recorded.JSON(`{"CheckoutType":"PROVISIONAL","EntitlementsAllowed":[{"Name":"landform","Unit":"None"}],` +
			`"Expiration":"` + expires + `","IssuedAt":"2026-11-23T11:00:00Z","LicenseArn":"arn:aws:license-manager::294406891311:license:l-1",` +
			`"LicenseConsumptionToken":"t-1","SignedToken":"eyJ.secret.sig"}`)
	}
	refused := func() string { // a port nothing listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return "http://" + l.Addr().String()
	}
	for _, tt := range []struct {
		name    string
		sku     string
		args    []string
		answers map[string][]recorded.Answer
		url     string
		code    int
		stderr  string
		calls   int // CheckoutLicense calls
	}{
		{"no licence configured", "", []string{"validate", "-c", config}, map[string][]recorded.Answer{}, "", 0, "", 0},
		{"entitled", "prod-7abc", []string{"validate", "-c", config},
			map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "CheckoutLicense": {entitled("2027-11-23T11:00:00Z")}}, "", 0, "", 1},
		{"not entitled", "prod-7abc", []string{"generate", "-c", config},
			map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "CheckoutLicense": {recorded.JSONError(400, "NoEntitlementsAllowedException", "No entitlements are allowed for the given license")}},
			"", 1, "licence check: no entitlement to product SKU prod-7abc (entitlement landform) for account 012345678901", 1},
		{"expired", "prod-7abc", []string{"validate", "-c", config},
			map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "CheckoutLicense": {entitled("2026-10-01T00:00:00Z")}},
			"", 1, "the licence of product SKU prod-7abc (entitlement landform) for account 012345678901 expired on 2026-10-01T00:00:00Z", 1},
		{"throttled, then entitled", "prod-7abc", []string{"validate", "-c", config},
			map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "CheckoutLicense": {recorded.JSONError(400, "ThrottlingException", "Rate exceeded"), entitled("2027-11-23T11:00:00Z")}},
			"", 0, "", 2},
		{"version needs no licence", "prod-7abc", []string{"version"}, map[string][]recorded.Answer{}, "", 0, "", 0},
		{"no network", "prod-7abc", []string{"validate", "-c", config}, nil, refused(), 1, "licence check of product SKU prod-7abc: nothing answers at the AWS endpoint", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, url := recorded.Start(t, tt.answers)
			if tt.url != "" {
				url = tt.url
			}
			t.Setenv("LANDFORM_LICENSE_SKU", tt.sku) // the variable alone turns it on
			code, out, errOut := runRecorded(t, url, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, want %d\nstderr:\n%s", code, tt.code, errOut)
			}
			if n := s.Count("CheckoutLicense"); n != tt.calls {
				t.Errorf("%d CheckoutLicense calls, want %d", n, tt.calls)
			}
			if tt.sku == "" && s.Count("GetCallerIdentity") != 0 {
				t.Error("an AWS call without a licence configured")
			}
			if _, err := os.Stat("templates"); tt.code != 0 && err == nil {
				t.Error("a template was written without a licence")
			}
			if strings.Contains(out+errOut, "eyJ.secret.sig") {
				t.Error("the signed token was printed")
			}
		})
	}
}
