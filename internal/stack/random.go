package stack

import (
	"crypto/rand"
	"encoding/hex"
)

// RandomSuffix is 6 random lower-case hex characters: short enough for
// IAM's 64-character role names, random enough that two test deploys of
// one config do not collide.
func RandomSuffix() string {
	var b [3]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}
