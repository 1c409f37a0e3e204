package api

import "testing"

// TestAccess is the table of who may do what in a project.
func TestAccess(t *testing.T) {
	type can struct{ see, manage, members, annotate, readOwn, readOthers, importOwn, importOthers bool }
	tests := []struct {
		name   string
		access Access
		want   can
	}{
		{"not a member", Access{}, can{}},
		{"not a member, the project open", Access{SeeEachOther: true}, can{}},
		{"admin, not a member", Access{Admin: true}, can{true, true, true, true, true, true, true, true}},
		{"manager", Access{Role: RoleManager}, can{true, true, true, true, true, true, true, true}},
		{"curator", Access{Role: RoleCurator}, can{true, false, true, true, true, true, true, false}},
		{"annotator, blind", Access{Role: RoleAnnotator}, can{true, false, false, true, true, false, true, false}},
		{"annotator, seeing the others", Access{Role: RoleAnnotator, SeeEachOther: true}, can{true, false, false, true, true, true, true, false}},
	}
	for _, tt := range tests {
		a := tt.access
		got := can{a.CanSee(), a.CanManage(), a.CanListMembers(), a.CanAnnotate(), a.CanReadSetsOf(true), a.CanReadSetsOf(false), a.CanImportSetsOf(true), a.CanImportSetsOf(false)}
		if got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, tt.want)
		}
	}
	for _, r := range Roles {
		if !r.Valid() {
			t.Errorf("%q is not Valid", r)
		}
	}
	for _, r := range []Role{"", "owner", "Manager"} {
		if r.Valid() {
			t.Errorf("%q is Valid", r)
		}
	}
}
