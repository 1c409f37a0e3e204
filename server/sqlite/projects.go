package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
)

// addProjects is migration 6 → 7: projects and their members. The Default
// project (api.DefaultProject) holds every annotation set then, and every user
// is its annotator, as a new user will be (insertUser).
func addProjects(tx *sql.Tx) error {
	if _, err := tx.Exec(`
CREATE TABLE projects (
	id             TEXT PRIMARY KEY,
	name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
	guidelines     TEXT NOT NULL DEFAULT '',
	see_each_other INTEGER NOT NULL DEFAULT 0,
	created        TEXT NOT NULL
);
CREATE TABLE members (
	project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role       TEXT NOT NULL CHECK (role IN ('manager', 'curator', 'annotator')),
	PRIMARY KEY (project_id, user_id)
) WITHOUT ROWID;
CREATE INDEX members_by_user ON members (user_id);
`); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO projects (id, name, created) VALUES (?, 'Default', ?)`, api.DefaultProject, formatTime(time.Now())); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT INTO members (project_id, user_id, role) SELECT ?, id, ? FROM users`, api.DefaultProject, api.RoleAnnotator)
	return err
}

// addSuggestSettings is migration 13 → 14: each project's suggestion
// settings (api.SuggestSettings), as JSON; '{}', the zero value, is every
// source on with the default threshold and cues.
const addSuggestSettings = `ALTER TABLE projects ADD COLUMN suggest TEXT NOT NULL DEFAULT '{}'`

// addStatusIndex is migration 14 → 15: the status revisions of each
// project in commit order (StatusRevisions), a small index since a set has
// a status revision only when its annotator marks it.
const addStatusIndex = `CREATE INDEX revisions_status ON revisions (project, seq) WHERE kind = 'status'`

const projectColumns = `projects.id, projects.name, projects.guidelines, projects.see_each_other, projects.created, projects.suggest`

func scanProject(row rowScanner, more ...any) (server.Project, error) {
	var p server.Project
	var created, suggest string
	if err := row.Scan(append([]any{&p.ID, &p.Name, &p.Guidelines, &p.AnnotatorsSeeEachOther, &created, &suggest}, more...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return p, server.ErrNotFound
		}
		return p, err
	}
	var err error
	if p.Created, err = parseTime(created); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(suggest), &p.Suggest); err != nil {
		return p, fmt.Errorf("the suggestion settings of the project %q: %w", p.ID, err)
	}
	return p, nil
}

// suggestJSON is the settings as the suggest column keeps them.
func suggestJSON(s api.SuggestSettings) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

// Projects lists every project by name.
func (s *Store) Projects(ctx context.Context) ([]server.Project, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+projectColumns+` FROM projects ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Project returns the project id.
func (s *Store) Project(ctx context.Context, id string) (server.Project, error) {
	return scanProject(s.read.QueryRowContext(ctx, `SELECT `+projectColumns+` FROM projects WHERE id = ?`, id))
}

// CreateProject stores p with managerID as its manager.
func (s *Store) CreateProject(ctx context.Context, p server.Project, managerID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM projects WHERE id = ?`, p.ID).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return server.ErrProjectIDExists
		}
		suggest, err := suggestJSON(p.Suggest)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO projects (id, name, guidelines, see_each_other, created, suggest) VALUES (?, ?, ?, ?, ?, ?)`,
			p.ID, p.Name, p.Guidelines, p.AnnotatorsSeeEachOther, formatTime(p.Created), suggest)
		if isUniqueViolation(err) {
			return server.ErrProjectExists
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO members (project_id, user_id, role) VALUES (?, ?, ?)`, p.ID, managerID, api.RoleManager)
		return err
	})
}

// UpdateProject changes what patch sets.
func (s *Store) UpdateProject(ctx context.Context, id string, patch api.ProjectPatch) (server.Project, error) {
	var p server.Project
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = scanProject(tx.QueryRowContext(ctx, `SELECT `+projectColumns+` FROM projects WHERE id = ?`, id)); err != nil {
			return err
		}
		if patch.Name != nil {
			p.Name = *patch.Name
		}
		if patch.Guidelines != nil {
			p.Guidelines = *patch.Guidelines
		}
		before := p.AnnotatorsSeeEachOther
		if patch.AnnotatorsSeeEachOther != nil {
			p.AnnotatorsSeeEachOther = *patch.AnnotatorsSeeEachOther
		}
		see := p.AnnotatorsSeeEachOther
		if patch.Suggest != nil {
			p.Suggest = *patch.Suggest
		}
		suggest, err := suggestJSON(p.Suggest)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE projects SET name = ?, guidelines = ?, see_each_other = ?, suggest = ? WHERE id = ?`, p.Name, p.Guidelines, p.AnnotatorsSeeEachOther, suggest, id)
		if isUniqueViolation(err) {
			return server.ErrProjectExists
		}
		if err != nil || patch.AnnotatorsSeeEachOther == nil {
			return err
		}
		return bumpAccess(ctx, tx, `id IN (SELECT user_id FROM members WHERE project_id = ? AND role = ?) AND ? != ?`, id, api.RoleAnnotator, see, before)
	})
	return p, err
}

// Members lists the project's members by login.
func (s *Store) Members(ctx context.Context, projectID string) ([]server.Member, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+`, members.role FROM members JOIN users ON users.id = members.user_id WHERE members.project_id = ? ORDER BY users.login`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Member
	for rows.Next() {
		var m server.Member
		var role string
		if m.User, err = scanUser(rows, &role); err != nil {
			return nil, err
		}
		m.Role = api.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Memberships lists the user's projects by name.
func (s *Store) Memberships(ctx context.Context, userID string) ([]server.Membership, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+projectColumns+`, members.role FROM members JOIN projects ON projects.id = members.project_id WHERE members.user_id = ? ORDER BY projects.name, projects.id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []server.Membership
	for rows.Next() {
		var m server.Membership
		var role string
		if m.Project, err = scanProject(rows, &role); err != nil {
			return nil, err
		}
		m.Role = api.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Role returns the user's role in the project, "" for none.
func (s *Store) Role(ctx context.Context, projectID, userID string) (api.Role, error) {
	var role string
	err := s.read.QueryRowContext(ctx, `SELECT role FROM members WHERE project_id = ? AND user_id = ?`, projectID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return api.Role(role), err
}

// SetMember adds the user to the project with role, or changes their role.
func (s *Store) SetMember(ctx context.Context, projectID, userID string, role api.Role) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var found int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM projects WHERE id = ?) + (SELECT count(*) FROM users WHERE id = ?)`, projectID, userID).Scan(&found)
		if err != nil {
			return err
		}
		if found != 2 {
			return server.ErrNotFound
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO members (project_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role`, projectID, userID, role); err != nil {
			return err
		}
		return bumpAccess(ctx, tx, `id = ?`, userID)
	})
}

// bumpAccess counts a change of what the users where chooses may read
// (server.User.Access).
func bumpAccess(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET access = access + 1 WHERE `+where, args...)
	return err
}

// RemoveMember removes the user from the project.
func (s *Store) RemoveMember(ctx context.Context, projectID, userID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := execOne(ctx, tx, `DELETE FROM members WHERE project_id = ? AND user_id = ?`, projectID, userID); err != nil {
			return err
		}
		return bumpAccess(ctx, tx, `id = ?`, userID)
	})
}
