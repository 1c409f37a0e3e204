package app

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// formField is one field of an account form (sign-in, setup, the account
// page's): its name, which names the input account-{name} and its problem
// account-{name}-error; its label; the input's type; its autocomplete
// hint.
type formField struct{ name, label, kind, autocomplete string }

// formValues are what the fields of a component's forms hold, by name; a
// checked checkbox holds "on", an unchecked one "".
type formValues map[string]string

// set keeps what the field name holds. A text field emptied here (a form
// done, its fields cleared for the next) is emptied on the page at once
// (emptyField).
func (v *formValues) set(name, value string) {
	if *v == nil {
		*v = formValues{}
	}
	(*v)[name] = value
	if value == "" {
		emptyField("account-" + name)
	}
}

// render shows the field: its label, the input, and its problem beside it.
// A field of kind "textarea" is a textarea, of kind "role" a select of
// the project roles (api.Roles).
func (f formField) render(values *formValues, problem string) app.UI {
	id := "account-" + f.name
	check := f.kind == "checkbox"
	onInput := func(ctx app.Context, e app.Event) {
		v := ctx.JSSrc().Get("value").String()
		if check && !ctx.JSSrc().Get("checked").Bool() {
			v = ""
		}
		values.set(f.name, v)
	}
	var field app.UI
	switch {
	case f.kind == "textarea":
		field = app.Textarea().ID(id).Name(f.name).Rows(8).Aria("describedby", id+"-error").OnInput(onInput).Text((*values)[f.name])
	case f.kind == "role":
		field = roleSelect(id, "", (*values)[f.name], "", onInput)
	default:
		in := app.Input().ID(id).Name(f.name).Type(f.kind).
			Aria("invalid", problem != "").Aria("describedby", id+"-error").OnInput(onInput)
		if check {
			in = in.Checked((*values)[f.name] != "")
		} else {
			in = in.Attr("autocomplete", f.autocomplete).Value((*values)[f.name])
		}
		field = in
	}
	return app.Div().Class("field", "field-"+f.kind).Body(
		app.Label().For(id).Text(f.label),
		field,
		app.Span().ID(id+"-error").Class("error").Hidden(problem == "").Text(problem),
	)
}

// accountForm is the form {id}-form: its fields, each with its problem
// beside it, the submit button {id}-submit, the form's own problem
// ({id}-error, problems[""]) and then more. Submitting calls onSubmit.
func accountForm(id, submit string, busy bool, fields []formField, values *formValues, problems fieldProblems, onSubmit func(app.Context), more ...app.UI) app.UI {
	body := make([]app.UI, 0, len(fields)+2+len(more))
	for _, f := range fields {
		body = append(body, f.render(values, problems[f.name]))
	}
	body = append(body,
		app.Div().Class("form-row").Body(app.Button().ID(id+"-submit").Type("submit").Disabled(busy).Text(submit)),
		textLine(id+"-error", "error", problems[""]),
	)
	return app.Form().ID(id + "-form").Class("article-form account-form").Body(append(body, more...)...).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			onSubmit(ctx)
		})
}

// textLine is the paragraph id of class ("error" is an alert, any other
// a status) that shows text, hidden while text is "".
func textLine(id, class, text string) app.UI {
	role := "status"
	if class == "error" {
		role = "alert"
	}
	return app.P().ID(id).Class(class).Role(role).Hidden(text == "").Text(text)
}

// section is the section id under the heading title.
func section(id, title string, body ...app.UI) app.UI {
	return app.Section().ID(id).Body(append([]app.UI{app.H2().Text(title)}, body...)...)
}

// button is a button (type button) showing text; id and class are set
// when not "". A click calls onClick; scope, for a button in a list, is
// what it acts on (app.EventScope), "" else.
func button(id, class, text, scope string, onClick func(app.Context)) app.UI {
	b := app.Button().Type("button").Text(text).
		OnClick(func(ctx app.Context, e app.Event) { onClick(ctx) }, app.EventScope(scope))
	if id != "" {
		b = b.ID(id)
	}
	if class != "" {
		b = b.Class(class)
	}
	return b
}
