// Package secret makes and checks the server's secrets: password hashes
// (argon2id, golang.org/x/crypto's implementation of RFC 9106, stored as a
// PHC string) and random tokens (sessions, API tokens, the setup link),
// of which the server keeps only a SHA-256 hash.
//
// Argon2id's parameters follow OWASP's recommendation for a server (19 MiB
// of memory, 2 passes, 1 lane): about 25 ms of one core here. They are
// written into each hash, so raising them later leaves old hashes readable
// (NeedsRehash tells which to renew at the next sign-in).
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of new hashes.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	saltLen        = 16
)

var b64 = base64.RawStdEncoding

// HashPassword returns the PHC string of password with a fresh salt:
// $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// errBadHash reports a stored hash that is not a PHC argon2id string.
var errBadHash = errors.New("the stored password hash is not an argon2id hash")

type params struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

func parse(encoded string) (params, error) {
	var p params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil ||
		p.memory == 0 || p.memory > 1<<22 || p.time == 0 || p.time > 100 || p.threads == 0 {
		return p, errBadHash
	}
	var err error
	if p.salt, err = b64.DecodeString(parts[4]); err != nil || len(p.salt) < 8 {
		return p, errBadHash
	}
	if p.key, err = b64.DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 64 {
		return p, errBadHash
	}
	return p, nil
}

// CheckPassword reports whether password matches encoded, a hash that
// HashPassword made. An encoded that is not such a hash is an error.
func CheckPassword(encoded, password string) (bool, error) {
	p, err := parse(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// NeedsRehash reports whether encoded was made with other parameters than
// HashPassword's today.
func NeedsRehash(encoded string) bool {
	p, err := parse(encoded)
	return err != nil || p.memory != argonMemoryKiB || p.time != argonTime || p.threads != argonThreads || len(p.key) != argonKeyLen
}

// dummyHash is checked against when there is no account, so that an
// unknown login costs what a wrong password does.
var dummyHash = func() string {
	h, err := HashPassword("no account has this password")
	if err != nil {
		panic(err)
	}
	return h
}()

// BurnPasswordCheck spends the time of one CheckPassword, for a sign-in
// whose login has no account (or no password): its answer then takes as
// long as a wrong password's.
func BurnPasswordCheck(password string) {
	CheckPassword(dummyHash, password) //nolint:errcheck // dummyHash is well formed
}

// tokenBytes is the entropy of a token: 256 bits.
const tokenBytes = 32

// NewToken returns a random token (URL-safe base64 of 32 bytes) and its
// hash (HashToken), which is all the server stores.
func NewToken() (token, hash string, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the hex SHA-256 of token. A token has 256 random bits,
// so a fast hash is enough: nobody can search its space, and a stolen
// database gives no usable token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewPassword returns a random password to hand to a new user once:
// 20 characters of URL-safe base64 (120 bits).
func NewPassword() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
