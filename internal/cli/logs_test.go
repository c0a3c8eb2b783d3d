package cli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestLogHistoryIsBounded: reports/ keeps the newest 20 logs of one stem
// and command; other commands' and stems' logs and other files stay.
func TestLogHistoryIsBounded(t *testing.T) {
	dir := t.TempDir()
	reports := filepath.Join(dir, "reports")
	if err := os.MkdirAll(reports, 0o755); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var names []string
	for i := range 30 {
		name := "acme-deploy-" + base.Add(time.Duration(i)*time.Hour).Format("20060102T150405Z") + ".log"
		names = append(names, name)
	}
	others := []string{"acme-destroy-20261101T000000Z.log", "acme-prod-deploy-20261101T000000Z.log", "acme-deployment.html", "acme-deploy-notes.log"}
	for _, n := range append(slices.Clone(names), others...) {
		if err := os.WriteFile(filepath.Join(reports, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	io, _, _ := TestIO()
	app := &App{IO: io, Workdir: dir, Now: func() time.Time { return base.Add(40 * time.Hour) }}
	app.writeLog("acme", "deploy", &runLog{})
	entries, err := os.ReadDir(reports)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := append(append(slices.Clone(names[11:]), "acme-deploy-20261102T160000Z.log"), others...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("reports/ holds\n%v\nwant\n%v", got, want)
	}
}
