// text/csv bodies as PostgREST builds them: a header of the first row's keys, then each row in
// PostgreSQL's record text output (so values read as PostgreSQL prints them: t/f, ranges, jsonb text,
// fields quoted when they hold commas, quotes, parentheses or spaces), one line per row.

/** The SQL expression for the CSV body of the rows aliased `row` in an aggregate query. */
export function csvBodySql(row: string): string {
  const text = `${row}::text`;
  return `coalesce((SELECT string_agg(pgrst_k, ',') FROM json_object_keys(json_agg(${row})->0) AS pgrst_k), '')`
    + ` || coalesce(E'\\n' || string_agg(substr(${text}, 2, length(${text}) - 2), E'\\n'), '')`;
}
