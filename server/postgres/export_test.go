package postgres

// SetBeforeCommit makes hook run in each push's transaction before it
// commits (nil: nothing), for the tests of commit order.
func SetBeforeCommit(hook func()) { testHookBeforeCommit = hook }
