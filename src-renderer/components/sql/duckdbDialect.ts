/**
 * DuckDB's SQL for the console's CodeMirror editor: the dialect lang-sql
 * tokenizes with (keywords and type names taken from `duckdb_keywords()` and
 * `duckdb_types()` of DuckDB 1.5), and a highlight style that only assigns
 * classes, so the colours live in styles.css with the rest of the app's.
 */
import { SQLDialect } from '@codemirror/lang-sql';
import { HighlightStyle } from '@codemirror/language';
// A dependency of @codemirror/language and @codemirror/lang-sql: the tags must be the same objects they use.
import { tags } from '@lezer/highlight';

// Reserved words and the type/function-name words of duckdb_keywords(), plus the unreserved words
// that start a statement or a clause. Unreserved words that are often column names (name, type,
// value, year, program, source…) stay identifiers, or every such column would read as a keyword.
const KEYWORDS = `
  all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create default
  deferrable desc describe distinct do else end except false fetch for foreign from group having in initially intersect
  into lambda lateral leading limit not null offset on only or order pivot pivot_longer pivot_wider placing primary
  qualify references returning select show some summarize symmetric table then to trailing true union unique unpivot
  using variadic when where window with
  anti asof at authorization by collation columns concurrently cross freeze full generated glob ilike inner is isnull
  join left like natural notnull outer overlaps positional right semi similar tablesample try_cast unpack verbose
  between exists extract values row
  alter attach begin call checkpoint commit copy cube current deallocate delete detach drop escape exclude execute
  explain export filter first following grouping sets ignore import insert install interval last load macro
  materialized nulls over partition pragma preceding prepare range recursive rename reset respect rollback
  rollup rows sample set ties transaction unbounded update use vacuum view within without`;

const TYPES = `
  bigint bignum binary bit bitstring blob bool boolean bpchar bytea char character date datetime dec decimal double enum
  float float4 float8 geometry guid hugeint int int1 int128 int16 int2 int32 int4 int64 int8 integer json list
  long map nvarchar numeric real short signed smallint string struct text time time_ns timestamp timestamp_ms
  timestamp_ns timestamp_s timestamp_us timestamptz timetz tinyint ubigint uhugeint uint128 uint16 uint32 uint64 uint8
  uinteger usmallint utinyint uuid varbinary varchar variant varint`;

// Functions researchers call most, highlighted as built-ins (any other call reads as a name); none
// that is also a keyword (left, right, glob), which would colour LEFT JOIN as a call.
const BUILTIN = `
  count sum avg min max median mode quantile quantile_cont quantile_disc stddev stddev_samp stddev_pop variance
  var_samp var_pop corr covar_pop covar_samp string_agg list_agg array_agg listagg any_value arg_max arg_min bool_and
  bool_or approx_count_distinct histogram count_if sum_if
  row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
  abs round floor ceil ceiling sqrt ln log log10 log2 exp power pow greatest least coalesce nullif ifnull
  lower upper length strlen concat concat_ws replace substring substr trim ltrim rtrim split_part string_split starts_with
  ends_with contains regexp_matches regexp_replace regexp_extract format printf lpad rpad reverse
  strftime strptime date_trunc date_part datepart date_diff datediff date_add date_sub make_date make_timestamp
  current_date current_timestamp now today epoch age
  unnest generate_series list_value list_contains list_sort struct_pack to_json
  read_csv read_csv_auto read_parquet read_json read_json_auto`;

export const DuckDB = SQLDialect.define({
  keywords: KEYWORDS.trim().split(/\s+/).join(' '),
  types: TYPES.trim().split(/\s+/).join(' '),
  builtin: BUILTIN.trim().split(/\s+/).join(' '),
  // $$…$$ strings, '' escapes (no backslash escapes), "…" identifiers, ? parameters.
  doubleDollarQuotedStrings: true,
  operatorChars: '*+-%<>!=&|~^/@:',
});

/** Classes only (no inline styles): `.sql-tok-*` in styles.css colours them. */
export const duckdbHighlight = HighlightStyle.define([
  { tag: tags.keyword, class: 'sql-tok-keyword' },
  { tag: tags.typeName, class: 'sql-tok-type' },
  { tag: tags.standard(tags.name), class: 'sql-tok-function' },
  { tag: tags.string, class: 'sql-tok-string' },
  { tag: tags.special(tags.string), class: 'sql-tok-quoted' },
  { tag: tags.number, class: 'sql-tok-number' },
  { tag: [tags.bool, tags.null], class: 'sql-tok-atom' },
  { tag: [tags.lineComment, tags.blockComment], class: 'sql-tok-comment' },
  { tag: tags.operator, class: 'sql-tok-operator' },
  { tag: tags.special(tags.name), class: 'sql-tok-param' },
  { tag: [tags.paren, tags.punctuation, tags.squareBracket, tags.brace], class: 'sql-tok-punct' },
]);
