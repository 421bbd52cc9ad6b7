//! A piece of SQL written out by hand (a correlated subquery in a select
//! list, say) that the prepared-statement cache may keep.
//!
//! diesel's own `dsl::sql` marks every query that holds one as unsafe to
//! cache, so such a query is parsed and planned again on every use (on
//! SQLite that was a fifth of a sign-up's time). A [`Fragment`] binds no
//! values: the SQL text alone says what the statement is, so the cache can
//! key the statement by its text, as it does for any query built at run
//! time.

use std::marker::PhantomData;

use chrono::NaiveDateTime;

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression};
use diesel::expression::{TypedExpressionType, ValidGrouping};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{
    Array, BigInt, Bool, HasSqlType, Integer, Nullable, SqlType, Text, Timestamp,
};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;

/// Hand-written SQL of type `ST`, without bound values (see the module).
#[derive(Debug, Clone)]
pub struct Fragment<ST> {
    sql: String,
    _type: PhantomData<ST>,
}

/// A [`Fragment`]. It must bind nothing: write constants into `sql` only
/// when they are Kith's own (status names, never a caller's input).
pub fn fragment<ST>(sql: impl Into<String>) -> Fragment<ST> {
    Fragment {
        sql: sql.into(),
        _type: PhantomData,
    }
}

impl<ST: SqlType + TypedExpressionType> Expression for Fragment<ST> {
    type SqlType = ST;
}

impl<ST, DB: Backend> QueryFragment<DB> for Fragment<ST> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(&self.sql);
        Ok(())
    }
}

impl<ST> QueryId for Fragment<ST> {
    type QueryId = ();
    // Not known at compile time: the statement is cached by its SQL text.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST, QS> SelectableExpression<QS> for Fragment<ST> where Self: AppearsOnTable<QS> {}

impl<ST, QS> AppearsOnTable<QS> for Fragment<ST> where Self: Expression {}

impl<ST, GB> ValidGrouping<GB> for Fragment<ST> {
    type IsAggregate = is_aggregate::Never;
}

/// The traits every boolean expression below shares: `Bool`, cached by its
/// SQL text (the ids are bound, so the text depends only on the shape), never
/// an aggregate, and on the multi-backend connection written by the
/// backend's own `QueryFragment`.
macro_rules! boolean_expression {
    ($name:ident $(<$c:ident>)?) => {
        impl$(<$c>)? Expression for $name$(<$c>)? {
            type SqlType = diesel::sql_types::Bool;
        }

        impl$(<$c>)? QueryId for $name$(<$c>)? {
            type QueryId = ();
            const HAS_STATIC_QUERY_ID: bool = false;
        }

        impl<$($c,)? GB> ValidGrouping<GB> for $name$(<$c>)? {
            type IsAggregate = is_aggregate::Never;
        }

        impl$(<$c>)? QueryFragment<super::MultiBackend> for $name$(<$c>)?
        where
            Self: QueryFragment<Sqlite> + QueryFragment<Pg>,
        {
            fn walk_ast<'b>(
                &'b self,
                pass: AstPass<'_, 'b, super::MultiBackend>,
            ) -> QueryResult<()> {
                super::MultiBackend::walk_variant_ast(self, pass)
            }
        }
    };
}

/// `column IN (ids)`, kept prepared whatever the number of ids: SQLite
/// reads the ids from one JSON array (`json_each`), PostgreSQL from one
/// array (`= ANY`). diesel's `eq_any` writes `IN (?, ?, …)` on SQLite, a
/// statement it never keeps prepared.
#[derive(Debug, Clone)]
pub struct IdIn<C> {
    column: C,
    ids: Vec<i64>,
    json: String,
}

/// See [`IdIn`].
pub fn id_in<C>(column: C, ids: &[i64]) -> IdIn<C> {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    IdIn {
        column,
        ids: ids.to_vec(),
        json: format!("[{}]", list.join(",")),
    }
}

boolean_expression!(IdIn<C>);

impl<C, QS> SelectableExpression<QS> for IdIn<C> where Self: AppearsOnTable<QS> {}

impl<C: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for IdIn<C> {}

impl<C: QueryFragment<Sqlite>> QueryFragment<Sqlite> for IdIn<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT value FROM json_each(");
        out.push_bind_param::<Text, _>(&self.json)?;
        out.push_sql("))");
        Ok(())
    }
}

impl<C: QueryFragment<Pg>> QueryFragment<Pg> for IdIn<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = ANY(");
        out.push_bind_param::<Array<BigInt>, _>(&self.ids)?;
        out.push_sql(")");
        Ok(())
    }
}

/// `column` is one of the groups a person is an active coordinator of,
/// read by a subquery in the same statement. PostgreSQL gets the groups as
/// an array first (`= ANY(ARRAY(SELECT …))`) so that the planner can use
/// them as an index condition on every branch of an `OR`, which it does not
/// do for `IN (SELECT …)`; SQLite reads `IN (SELECT …)` that way already.
#[derive(Debug, Clone)]
pub struct CoordinatedBy<C> {
    column: C,
    person_id: i64,
}

/// See [`CoordinatedBy`].
pub fn coordinated_by<C>(column: C, person_id: i64) -> CoordinatedBy<C> {
    CoordinatedBy { column, person_id }
}

impl<C> CoordinatedBy<C> {
    /// `column`, `open`, the subquery (the person's id bound in it), `close`.
    fn walk<'b, DB>(
        &'b self,
        mut out: AstPass<'_, 'b, DB>,
        open: &str,
        close: &str,
    ) -> QueryResult<()>
    where
        DB: Backend + diesel::sql_types::HasSqlType<BigInt>,
        C: QueryFragment<DB>,
        i64: diesel::serialize::ToSql<BigInt, DB>,
    {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(open);
        out.push_sql("SELECT m.group_id FROM memberships m WHERE m.person_id = ");
        out.push_bind_param::<BigInt, _>(&self.person_id)?;
        out.push_sql(" AND m.role = '");
        out.push_sql(crate::domain::groups::MemberRole::Coordinator.as_str());
        out.push_sql("' AND m.status = '");
        out.push_sql(crate::domain::groups::MembershipStatus::Active.as_str());
        out.push_sql("'");
        out.push_sql(close);
        Ok(())
    }
}

boolean_expression!(CoordinatedBy<C>);

impl<C, QS> SelectableExpression<QS> for CoordinatedBy<C> where Self: AppearsOnTable<QS> {}

impl<C: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for CoordinatedBy<C> {}

impl<C: QueryFragment<Sqlite>> QueryFragment<Sqlite> for CoordinatedBy<C> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.walk(out, " IN (", ")")
    }
}

impl<C: QueryFragment<Pg>> QueryFragment<Pg> for CoordinatedBy<C> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.walk(out, " = ANY(ARRAY(", "))")
    }
}

/// `shift_signups.id` is among the first `limit` sign-ups (in queue order)
/// of one of `shift_ids`: a listing that shows a shift's first few sign-ups
/// reads only those, however many there are. Numbered with `ROW_NUMBER()`
/// over the (shift_id, status, queue_position) index; the shift ids are one
/// bound value ([`IdIn`]).
#[derive(Debug, Clone)]
pub struct FirstSignups {
    shifts: IdIn<Fragment<BigInt>>,
    limit: i64,
}

/// See [`FirstSignups`].
pub fn first_signups(shift_ids: &[i64], limit: i64) -> FirstSignups {
    FirstSignups {
        shifts: id_in(fragment("x.shift_id"), shift_ids),
        limit: limit.max(0),
    }
}

impl FirstSignups {
    fn walk<'b, DB: Backend>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        IdIn<Fragment<BigInt>>: QueryFragment<DB>,
    {
        out.push_sql(
            "\"shift_signups\".\"id\" IN (SELECT r.id FROM (SELECT x.id, ROW_NUMBER() OVER \
             (PARTITION BY x.shift_id ORDER BY x.queue_position) AS rn FROM shift_signups x \
             WHERE ",
        );
        self.shifts.walk_ast(out.reborrow())?;
        // The limit is a number Kith chose (a page size), written as text so
        // that the statement binds only the ids.
        out.push_sql(&format!(") r WHERE r.rn <= {})", self.limit));
        Ok(())
    }
}

boolean_expression!(FirstSignups);

impl<QS> SelectableExpression<QS> for FirstSignups {}

impl<QS> AppearsOnTable<QS> for FirstSignups {}

impl QueryFragment<Sqlite> for FirstSignups {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        self.walk(out)
    }
}

impl QueryFragment<Pg> for FirstSignups {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.walk(out)
    }
}

/// A value bound into a statement template's next `?` (see
/// [`walk_template`]).
#[derive(Debug, Clone, Copy)]
pub enum Bind<'a> {
    Id(i64),
    Int(i32),
    Flag(bool),
    Time(NaiveDateTime),
    Text(&'a str),
    MaybeText(Option<&'a str>),
}

/// Write a hand-written statement: `template`'s text, binding `binds` in
/// turn where it has `?` (a template holds no other `?`). For statements
/// diesel's DSL cannot write, or would not keep prepared: the text is the
/// same on every use, so the statement cache keeps it. A template whose
/// places and values do not pair up is an error, not a statement.
pub fn walk_template<'b, DB>(
    mut out: AstPass<'_, 'b, DB>,
    template: &'b str,
    binds: &'b [Bind<'b>],
) -> QueryResult<()>
where
    DB: Backend
        + HasSqlType<BigInt>
        + HasSqlType<Integer>
        + HasSqlType<Bool>
        + HasSqlType<Timestamp>
        + HasSqlType<Text>
        + HasSqlType<Nullable<Text>>,
    i64: ToSql<BigInt, DB>,
    i32: ToSql<Integer, DB>,
    bool: ToSql<Bool, DB>,
    NaiveDateTime: ToSql<Timestamp, DB>,
    str: ToSql<Text, DB>,
    Option<&'b str>: ToSql<Nullable<Text>, DB>,
{
    let mut pieces = template.split('?');
    out.push_sql(pieces.next().unwrap_or_default());
    let mut binds = binds.iter();
    for piece in pieces {
        match binds.next() {
            Some(Bind::Id(v)) => out.push_bind_param::<BigInt, _>(v)?,
            Some(Bind::Int(v)) => out.push_bind_param::<Integer, _>(v)?,
            Some(Bind::Flag(v)) => out.push_bind_param::<Bool, _>(v)?,
            Some(Bind::Time(v)) => out.push_bind_param::<Timestamp, _>(v)?,
            Some(Bind::Text(v)) => out.push_bind_param::<Text, _>(*v)?,
            Some(Bind::MaybeText(v)) => out.push_bind_param::<Nullable<Text>, _>(v)?,
            None => {
                return Err(diesel::result::Error::QueryBuilderError(
                    "a statement template has more places than values".into(),
                ))
            }
        }
        out.push_sql(piece);
    }
    if binds.next().is_some() {
        return Err(diesel::result::Error::QueryBuilderError(
            "a statement template has fewer places than values".into(),
        ));
    }
    Ok(())
}
