using System.Buffers.Text;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GraphQL.Types.Relay.DataObjects;
using Marketplace.Api.GraphQL.Errors;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.GraphQL.Relay;

/// <summary>
/// A sort order that pages by keyset: the cursor holds the last row's sort key and id, and the next
/// page is "rows after that pair" in the database, so a deep page costs what the first one does.
/// </summary>
public sealed class KeysetOrder<T>
{
    private readonly string name;
    private readonly LambdaExpression? key;
    private readonly Func<T, object?>? readKey;
    private readonly Expression<Func<T, long>> id;
    private readonly Func<T, long> readId;
    private readonly bool descending;
    private readonly Type? keyType;

    private KeysetOrder(string name, LambdaExpression? key, Expression<Func<T, long>> id, bool descending)
    {
        this.name = name;
        this.key = key;
        this.id = id;
        this.descending = descending;
        readId = id.Compile();
        if (key is not null)
        {
            keyType = key.ReturnType;
            readKey = Expression.Lambda<Func<T, object?>>(Expression.Convert(key.Body, typeof(object)), key.Parameters).Compile();
        }
    }

    /// <summary>Order by id alone (creation order for identity keys).</summary>
    public static KeysetOrder<T> ById(string name, Expression<Func<T, long>> id, bool descending) => new(name, null, id, descending);

    public static KeysetOrder<T> By(string name, Expression<Func<T, long>> key, Expression<Func<T, long>> id, bool descending) =>
        new(name, key, id, descending);

    public static KeysetOrder<T> By(string name, Expression<Func<T, string>> key, Expression<Func<T, long>> id, bool descending) =>
        new(name, key, id, descending);

    public async Task<Page<T>> PageAsync(IQueryable<T> query, PageRequest page, CancellationToken ct)
    {
        // Reading backward is reading the reversed order forward, then flipping the rows.
        var ascending = page.Backward ? descending : !descending;
        var paged = page.Cursor is null ? query : query.Where(After(Decode(page.Cursor), ascending));
        var ordered = Order(paged, ascending);
        var rows = page.Size == 0 ? [] : await ordered.Take(page.Size + 1).ToListAsync(ct);
        var hasMore = rows.Count > page.Size;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        if (page.Backward) rows.Reverse();

        var edges = rows.Select(row => new Edge<T> { Node = row, Cursor = Encode(row) }).ToList();
        var info = new PageInfo
        {
            HasNextPage = page.Backward ? page.Cursor is not null : hasMore,
            HasPreviousPage = page.Backward ? hasMore : page.Cursor is not null,
            StartCursor = edges.FirstOrDefault()?.Cursor,
            EndCursor = edges.LastOrDefault()?.Cursor,
        };
        return new Page<T>(edges, info, token => query.CountAsync(token));
    }

    private IQueryable<T> Order(IQueryable<T> query, bool ascending)
    {
        if (key is null)
            return ascending ? query.OrderBy(id) : query.OrderByDescending(id);
        var withKey = (IOrderedQueryable<T>)query.Provider.CreateQuery<T>(Expression.Call(
            typeof(Queryable), ascending ? nameof(Queryable.OrderBy) : nameof(Queryable.OrderByDescending),
            [typeof(T), key.ReturnType], query.Expression, Expression.Quote(key)));
        return ascending ? withKey.ThenBy(id) : withKey.ThenByDescending(id);
    }

    // (key, id) strictly after the cursor in the reading direction.
    private Expression<Func<T, bool>> After(Cursor cursor, bool ascending)
    {
        var row = id.Parameters[0];
        var rowId = id.Body;
        Expression idAfter = Compare(rowId, Parameter(cursor.Id, typeof(long)), ascending);
        if (key is null)
            return Expression.Lambda<Func<T, bool>>(idAfter, row);

        var rowKey = new ParameterReplacer(key.Parameters[0], row).Visit(key.Body);
        var cursorKey = Parameter(cursor.Key, key.ReturnType);
        var body = Expression.OrElse(
            Compare(rowKey, cursorKey, ascending),
            Expression.AndAlso(Expression.Equal(rowKey, cursorKey), idAfter));
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    // A value read from a closure becomes a SQL parameter; a constant would be inlined, and every cursor would
    // compile and cache a query of its own.
    private static Expression Parameter(object? value, Type type)
    {
        var box = Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(type), value)!;
        return Expression.Field(Expression.Constant(box), nameof(StrongBox<object>.Value));
    }

    private static Expression Compare(Expression left, Expression right, bool greater)
    {
        if (left.Type == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            return greater ? Expression.GreaterThan(compare, Expression.Constant(0)) : Expression.LessThan(compare, Expression.Constant(0));
        }
        return greater ? Expression.GreaterThan(left, right) : Expression.LessThan(left, right);
    }

    private sealed record Cursor(object? Key, long Id);

    private string Encode(T row)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new object?[] { name, readKey?.Invoke(row), readId(row) });
        return Base64Url.EncodeToString(payload);
    }

    private Cursor Decode(string cursor)
    {
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var parts = json.RootElement;
            if (parts.GetArrayLength() != 3 || parts[0].GetString() != name)
                throw ApiErrors.BadUserInput("The cursor belongs to another order or list; start again without it.");
            object? cursorKey = keyType switch
            {
                null => null,
                _ when keyType == typeof(string) => parts[1].GetString() ?? throw new FormatException(),
                _ => parts[1].GetInt64(),
            };
            return new Cursor(cursorKey, parts[2].GetInt64());
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw ApiErrors.BadUserInput("The cursor is not valid.");
        }
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
