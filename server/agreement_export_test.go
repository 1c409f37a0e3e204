package server

import "time"

// SetAgreementWait makes a request for the agreement wait d for its
// computation (a second outside tests), until the test's end (restore).
func SetAgreementWait(d time.Duration) (restore func()) {
	old := agreementWait
	agreementWait = d
	return func() { agreementWait = old }
}
