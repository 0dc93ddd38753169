package content

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"localoffer/generator/diag"
	"localoffer/generator/schema"
	"localoffer/generator/tomldoc"
)

// decoder fills Go structs from TOML tables as package schema describes
// them. A struct field tagged `key:"title"` receives the value of the key
// title; a field with no such struct field goes into the params map, which
// is how templates reach a field that no Go code needs. Params has every
// such field, with its zero value when the page leaves it out, so that a
// template may use an optional field while a misspelt one is still an
// error.
type decoder struct {
	vocab       *Vocabulary
	isHome      bool
	translation bool // a translated page, such as page.ar.md
}

// decode reads fields from t into the struct dst points to, and returns
// the values of keys that dst has no field for. what names the table in
// messages, such as "the front matter".
func (d decoder) decode(t *tomldoc.Table, fields []schema.Field, what string, dst any) map[string]any {
	v := reflect.ValueOf(dst).Elem()
	var params map[string]any
	vocabMissing := false
	for _, f := range fields {
		field, bound := fieldByKey(v, f.Key)
		if !bound {
			if params == nil {
				params = map[string]any{}
			}
			params[f.Key] = zero[f.Kind]
		}
		if t.Has(f.Key) && (f.Translation && !d.translation || f.English && d.translation) {
			fix := "remove it: only translated pages, such as page.ar.md, have it"
			if f.English {
				fix = "remove it: the English page has it, and its translations share it"
			}
			t.Errorf(f.Key, fix, "%s does not belong on this page", f.Key)
		}
		if !t.Has(f.Key) {
			// A translation takes what does not differ by language, such
			// as its reviewed date, from its English page.
			inherited := d.translation && !f.Translated
			if f.Required(d.isHome) && !inherited {
				t.Errorf("", "add a line such as "+f.Key+" = "+ExampleOf(f), "%s is missing %q", what, f.Key)
			}
			continue
		}
		if f.Vocab != "" && d.vocab == nil && !vocabMissing {
			vocabMissing = true
			t.Errorf("", "create content/_offer.toml listing the statuses, situations and areas", "the site has no content/_offer.toml, so this offer cannot be checked")
		}
		val := d.value(t, f, v)
		switch {
		case val == nil:
		case bound:
			field.Set(reflect.ValueOf(val))
		default:
			params[f.Key] = val
		}
	}
	t.Done(schema.Keys(fields)...)
	return params
}

// zero is the value of each kind of field that a page leaves out.
var zero = map[schema.Kind]any{
	schema.Text: "", schema.Number: 0, schema.Bool: false, schema.Date: time.Time{},
	schema.List: []string(nil), schema.Range: [2]int{}, schema.Fact: tomldoc.Value{},
}

// value decodes the value of f in t, checks it, and returns it as the Go
// type that a struct field for it has; nil when it could not be read.
func (d decoder) value(t *tomldoc.Table, f schema.Field, dst reflect.Value) any {
	switch f.Kind {
	case schema.Text:
		isText := t.IsText(f.Key)
		s := strings.TrimSpace(t.String(f.Key))
		if !isText {
			return nil
		}
		if s == "" {
			if f.NotEmpty {
				t.Errorf(f.Key, "write it, like "+f.Key+" = "+f.Example, "the %s is empty", f.Key)
			}
			return s
		}
		d.checkItem(t, f, s, 0)
		return s
	case schema.Number:
		return t.Int(f.Key)
	case schema.Bool:
		return t.Bool(f.Key)
	case schema.Date:
		return t.Date(f.Key)
	case schema.List:
		list := t.Strings(f.Key)
		if list == nil {
			return nil
		}
		if len(list) == 0 && f.NotEmpty {
			t.Errorf(f.Key, fmt.Sprintf("list at least one, like %s = %s", f.Key, f.Example), "%s is empty", f.Key)
		}
		for i, s := range list {
			d.checkItem(t, f, s, i+1)
		}
		return list
	case schema.Range:
		ages := t.Ints(f.Key)
		if ages == nil {
			return nil
		}
		switch {
		case len(ages) != 2:
			t.Errorf(f.Key, "write the youngest and oldest age, like "+f.Key+" = [16, 25]", "%s must have two numbers, not %d", f.Key, len(ages))
		case ages[0] > ages[1]:
			t.Errorf(f.Key, fmt.Sprintf("write the youngest age first: %s = [%d, %d]", f.Key, ages[1], ages[0]), "%s are the wrong way round", f.Key)
		case ages[0] < 0 || ages[1] > 120:
			t.Errorf(f.Key, "use ages such as [16, 25]", "%s [%d, %d] are not possible ages", f.Key, ages[0], ages[1])
		default:
			return [2]int{ages[0], ages[1]}
		}
		return nil
	case schema.Fact:
		return t.Value(f.Key)
	case schema.Tables:
		tables := t.Tables(f.Key)
		field, ok := fieldByKey(dst, f.Key)
		if !ok || field.Kind() != reflect.Slice {
			panic("content: a Tables field needs a slice field tagged key:\"" + f.Key + "\"")
		}
		list := reflect.MakeSlice(field.Type(), 0, len(tables))
		for _, sub := range tables {
			elem := reflect.New(field.Type().Elem())
			d.decode(sub, f.Fields, "this ["+f.Key+"]", elem.Interface())
			if l := elem.Elem().FieldByName("Line"); l.IsValid() && l.Kind() == reflect.Int {
				l.SetInt(int64(sub.Line("")))
			}
			list = reflect.Append(list, elem.Elem())
		}
		return list.Interface()
	}
	panic(fmt.Sprintf("content: field %q has no kind", f.Key))
}

// checkItem checks one text value (the n-th item of a list, or n = 0 for a
// field that is not a list) against the field's allowed values and rule.
func (d decoder) checkItem(t *tomldoc.Table, f schema.Field, s string, n int) {
	allowed, where := f.Choices, ""
	if f.Vocab != "" {
		if d.vocab == nil {
			return
		}
		allowed, where = keys(d.vocab.Terms(f.Vocab)), " (add new ones to content/"+VocabularyFile+")"
	}
	if allowed != nil && !slices.Contains(allowed, s) {
		list := strings.Join(allowed, ", ")
		fix := "the allowed values are " + list + where
		if f.Vocab == "" {
			fix += "; or remove the line"
		}
		if g := diag.Suggest(s, allowed); g != "" {
			fix = fmt.Sprintf("did you mean %q? The allowed values are %s%s", g, list, where)
		}
		t.Errorf(f.Key, fix, "unknown %s %q", f.Noun, s)
		return
	}
	if f.Check == nil {
		return
	}
	if problem, fix := f.Check(s); problem != "" {
		if n > 0 {
			t.Errorf(f.Key, fix, "%s %d (%q) %s", f.Noun, n, s, problem)
		} else {
			t.Errorf(f.Key, fix, "%s (%q) %s", f.Key, s, problem)
		}
	}
}

// fieldByKey returns the field of the struct v tagged key:"key".
func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	t := v.Type()
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("key") == key {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// ExampleOf returns how f is typically written, for messages and `new`.
// A date's example is today's date, which is what an editor should write.
func ExampleOf(f schema.Field) string {
	if f.Kind == schema.Date {
		return today().Format("2006-01-02") + " (the date you checked the facts)"
	}
	return f.Example
}
