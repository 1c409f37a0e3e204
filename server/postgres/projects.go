package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gloss-annotate/gloss/annotations/api"
	"github.com/gloss-annotate/gloss/server"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// projectColumns are the columns scanProject reads, in its order.
const projectColumns = `projects.id, projects.name, projects.guidelines, projects.see_each_other, projects.created, projects.suggest`

// byProjectName orders projects as the SQLite store's name column (COLLATE
// NOCASE) does: ASCII letters folded to lower case, then byte order,
// whatever the database's collation; ties (none, names being unique
// ignoring case) by ID.
const byProjectName = `lower(projects.name COLLATE "C"), projects.id COLLATE "C"`

// projectsPrimaryKey is the name PostgreSQL gives the projects table's
// primary key, which a unique violation names when the ID is taken.
const projectsPrimaryKey = "projects_pkey"

// scanProject reads the projectColumns of row, and more after them;
// server.ErrNotFound when there is no row.
func scanProject(row pgx.Row, more ...any) (server.Project, error) {
	var p server.Project
	var created, suggest string
	if err := row.Scan(append([]any{&p.ID, &p.Name, &p.Guidelines, &p.AnnotatorsSeeEachOther, &created, &suggest}, more...)...); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
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

// Projects lists every project by name (ignoring the case of ASCII
// letters, as the SQLite store does).
func (s *Store) Projects(ctx context.Context) ([]server.Project, error) {
	return queryAll(ctx, s, func(row pgx.Row) (server.Project, error) { return scanProject(row) }, `SELECT `+projectColumns+` FROM projects ORDER BY `+byProjectName)
}

// Project returns the project id, or server.ErrNotFound.
func (s *Store) Project(ctx context.Context, id string) (server.Project, error) {
	return scanProject(s.pool.QueryRow(ctx, `SELECT `+projectColumns+` FROM projects WHERE id = $1`, id))
}

// CreateProject stores the project p with the user managerID as its
// manager, in one transaction; server.ErrProjectIDExists when another
// project has its ID (checked first), server.ErrProjectExists when
// another has its name in any case.
func (s *Store) CreateProject(ctx context.Context, p server.Project, managerID string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1)`, p.ID).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return server.ErrProjectIDExists
		}
		suggest, err := suggestJSON(p.Suggest)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO projects (id, name, guidelines, see_each_other, created, suggest) VALUES ($1, $2, $3, $4, $5, $6)`,
			p.ID, p.Name, p.Guidelines, p.AnnotatorsSeeEachOther, formatTime(p.Created), suggest)
		if isUniqueViolation(err) {
			// The ID may have been taken since the check, by a
			// transaction that committed meanwhile.
			var e *pgconn.PgError
			if errors.As(err, &e) && e.ConstraintName == projectsPrimaryKey {
				return server.ErrProjectIDExists
			}
			return server.ErrProjectExists
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, $3)`, p.ID, managerID, string(api.RoleManager))
		return err
	})
}

// UpdateProject changes what patch sets (Suggest replaces the settings
// whole) and returns the project; server.ErrNotFound when there is none,
// server.ErrProjectExists when another project has the new name in any
// case. Making the project's annotators see each other, or no longer,
// changes what each of them may read (server.User.Access).
func (s *Store) UpdateProject(ctx context.Context, id string, patch api.ProjectPatch) (server.Project, error) {
	var p server.Project
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if p, err = scanProject(tx.QueryRow(ctx, `SELECT `+projectColumns+` FROM projects WHERE id = $1 FOR UPDATE`, id)); err != nil {
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
		if patch.Suggest != nil {
			p.Suggest = *patch.Suggest
		}
		suggest, err := suggestJSON(p.Suggest)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE projects SET name = $1, guidelines = $2, see_each_other = $3, suggest = $4 WHERE id = $5`,
			p.Name, p.Guidelines, p.AnnotatorsSeeEachOther, suggest, id)
		if isUniqueViolation(err) {
			return server.ErrProjectExists
		}
		if err != nil || p.AnnotatorsSeeEachOther == before {
			return err
		}
		return bumpAccess(ctx, tx, `id IN (SELECT user_id FROM members WHERE project_id = $1 AND role = $2)`, id, string(api.RoleAnnotator))
	})
	return p, err
}

// Members lists the project's members by login (in byte order).
func (s *Store) Members(ctx context.Context, projectID string) ([]server.Member, error) {
	return queryAll(ctx, s, func(row pgx.Row) (server.Member, error) {
		var role string
		u, err := scanUser(row, &role)
		return server.Member{User: u, Role: api.Role(role)}, err
	}, `SELECT `+userColumns+`, members.role FROM members JOIN users ON users.id = members.user_id WHERE members.project_id = $1 ORDER BY users.login COLLATE "C"`, projectID)
}

// Memberships lists the user's projects by name, as Projects orders them.
func (s *Store) Memberships(ctx context.Context, userID string) ([]server.Membership, error) {
	return queryAll(ctx, s, func(row pgx.Row) (server.Membership, error) {
		var role string
		p, err := scanProject(row, &role)
		return server.Membership{Project: p, Role: api.Role(role)}, err
	}, `SELECT `+projectColumns+`, members.role FROM members JOIN projects ON projects.id = members.project_id WHERE members.user_id = $1 ORDER BY `+byProjectName, userID)
}

// Role returns the user's role in the project, "" when they are not a
// member (or there is no such project).
func (s *Store) Role(ctx context.Context, projectID, userID string) (api.Role, error) {
	var role string
	err := s.pool.QueryRow(ctx, `SELECT role FROM members WHERE project_id = $1 AND user_id = $2`, projectID, userID).Scan(&role)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return api.Role(role), err
}

// SetMember makes the user a member of the project with role, or changes
// their role, which changes what they may read (server.User.Access);
// server.ErrNotFound when there is no such project or user.
func (s *Store) SetMember(ctx context.Context, projectID, userID string, role api.Role) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var found bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1) AND EXISTS (SELECT 1 FROM users WHERE id = $2)`, projectID, userID).Scan(&found)
		if err != nil {
			return err
		}
		if !found {
			return server.ErrNotFound
		}
		if _, err = tx.Exec(ctx, `INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role`, projectID, userID, string(role)); err != nil {
			return err
		}
		return bumpAccess(ctx, tx, `id = $1`, userID)
	})
}

// bumpAccess counts a change of what the users where chooses may read
// (server.User.Access).
func bumpAccess(ctx context.Context, tx pgx.Tx, where string, args ...any) error {
	_, err := tx.Exec(ctx, `UPDATE users SET access = access + 1 WHERE `+where, args...)
	return err
}

// RemoveMember removes the user from the project, which changes what they
// may read (server.User.Access); server.ErrNotFound when they are not a
// member.
func (s *Store) RemoveMember(ctx context.Context, projectID, userID string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := execOne(ctx, tx, `DELETE FROM members WHERE project_id = $1 AND user_id = $2`, projectID, userID); err != nil {
			return err
		}
		return bumpAccess(ctx, tx, `id = $1`, userID)
	})
}

// ProjectArticles lists the articles added to the project (the Default
// project has every article: see Articles), archived ones too, newest
// first (of equal times, the one stored last first).
func (s *Store) ProjectArticles(ctx context.Context, projectID string) ([]api.ArticleSummary, error) {
	return queryAll(ctx, s, scanSummary, `SELECT `+summaryColumns+` FROM articles
		WHERE id IN (SELECT article_id FROM project_articles WHERE project_id = $1) ORDER BY created DESC, seq DESC`, projectID)
}

// ProjectHasArticle reports whether the article is on the project's list
// (false for the Default project, which has every article without a list).
func (s *Store) ProjectHasArticle(ctx context.Context, projectID, articleID string) (bool, error) {
	var in bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM project_articles WHERE project_id = $1 AND article_id = $2)`, projectID, articleID).Scan(&in)
	return in, err
}

// SetProjectArticle adds the article to the project (in; nothing when it
// is in already), or takes it out (its sets stay); server.ErrNotFound when
// there is no such project or article, or, taking it out, when it is not
// in the project.
func (s *Store) SetProjectArticle(ctx context.Context, projectID, articleID string, in bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if !in {
			return execOne(ctx, tx, `DELETE FROM project_articles WHERE project_id = $1 AND article_id = $2`, projectID, articleID)
		}
		var found bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1) AND EXISTS (SELECT 1 FROM articles WHERE id = $2)`, projectID, articleID).Scan(&found); err != nil {
			return err
		}
		if !found {
			return server.ErrNotFound
		}
		_, err := tx.Exec(ctx, `INSERT INTO project_articles (project_id, article_id, added) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, projectID, articleID, formatTime(time.Now()))
		return err
	})
}
