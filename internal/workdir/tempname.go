package workdir

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// owner names the process that writes a temporary file.
type owner struct {
	pid   int
	start string // clock ticks since boot at which pid started; "0" when unknown
	scope string // 8 hex digits naming the process table pid belongs to
}

// unknownStart is the START of a writer that could not read its own start time.
const unknownStart = "0"

// maxNameInTemp bounds the part of the target's name repeated in its temporary
// file's name, so that a long target name (up to the usual 255 bytes) still
// leaves room for the suffix.
const maxNameInTemp = 120

// tempPattern matches the names tempName makes, and nothing else:
// .NAME.tmp-PID-START-SCOPE-RAND.
var tempPattern = regexp.MustCompile(`^\..+\.tmp-([1-9][0-9]{0,9})-([0-9]{1,20})-([0-9a-f]{8})-[0-9a-f]{8}$`)

// tempName returns the name of a temporary file for target base, written by o.
func tempName(base string, o owner, random uint32) string {
	if len(base) > maxNameInTemp {
		base = base[:maxNameInTemp]
		for !utf8.ValidString(base) { // do not cut a character in two
			base = base[:len(base)-1]
		}
	}
	return fmt.Sprintf(".%s.tmp-%d-%s-%s-%08x", base, o.pid, o.start, o.scope, random)
}

// parseTempName returns the owner a temporary file's name records, and false
// when name is not a temporary file of ours.
func parseTempName(name string) (owner, bool) {
	m := tempPattern.FindStringSubmatch(name)
	if m == nil {
		return owner{}, false
	}
	pid, err := strconv.ParseInt(m[1], 10, 32)
	if err != nil {
		return owner{}, false
	}
	return owner{pid: int(pid), start: m[2], scope: m[3]}, true
}

// createTemp creates a new temporary file for target base in dir.
func createTemp(dir, base string, o owner) (*os.File, error) {
	for range 100 {
		f, err := os.OpenFile(filepath.Join(dir, tempName(base, o, rand.Uint32())), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("creating a temporary file in %s: 100 names taken", dir)
}

// currentOwner returns this process's identity.
func currentOwner() owner {
	start, ok := startTime("self")
	if !ok {
		start = unknownStart
	}
	host, _ := os.Hostname()
	pidNS, _ := os.Readlink("/proc/self/ns/pid") // "pid:[4026531836]"; absent outside Linux
	sum := sha256.Sum256([]byte(host + "\x00" + pidNS))
	return owner{pid: os.Getpid(), start: start, scope: hex.EncodeToString(sum[:4])}
}

// startTime returns when process pid ("self" for this one) started, in clock
// ticks since boot, from /proc/PID/stat. It reports false where there is no
// such file: outside Linux, or when the process has gone.
func startTime(pid string) (string, bool) {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return "", false
	}
	// "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses, so count
	// fields after the last ')'. The start time is field 22, the 20th after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", false
	}
	fields := bytes.Fields(b[i+1:])
	if len(fields) < 20 {
		return "", false
	}
	start := string(fields[19])
	if _, err := strconv.ParseUint(start, 10, 64); err != nil || start == unknownStart {
		return "", false
	}
	return start, true
}
