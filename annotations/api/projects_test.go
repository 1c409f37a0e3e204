package api

import (
	"slices"
	"strings"
	"testing"
)

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

func TestMemberAnnotators(t *testing.T) {
	members := []Member{
		{User: User{Login: "alice", Annotator: "alice"}, Role: RoleAnnotator},
		{User: User{Login: "bob", Annotator: "Bob Old"}, Role: RoleAnnotator}, // an account made from an older database
		{User: User{Login: "cy", Annotator: "cy", Disabled: true}, Role: RoleAnnotator},
	}
	tests := []struct {
		names   []string
		want    []string
		wantErr string
	}{
		{[]string{"alice", "Bob Old"}, []string{"alice", "Bob Old"}, ""},
		{[]string{"Alice", "BOB"}, []string{"alice", "Bob Old"}, ""}, // logins in any case
		{[]string{}, []string{}, ""},
		{[]string{"alice", "bobb"}, nil, `“bobb” is no member of the project (its members: alice, Bob Old, cy)`},
		{[]string{"alice", "CY"}, nil, `“cy”'s account is disabled: it may not be assigned articles`}, // by its login too
		{[]string{"bob old"}, nil, `“bob old” is no member`},                                          // an annotator name is exact
	}
	for _, tt := range tests {
		got, err := MemberAnnotators(tt.names, members)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("MemberAnnotators(%q) = %q, %v; want the error %q", tt.names, got, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || !slices.Equal(got, tt.want)):
			t.Errorf("MemberAnnotators(%q) = %q, %v; want %q", tt.names, got, err, tt.want)
		}
	}
}
