using System.Globalization;
using Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;
using Orquesta.Azure.Conductor.Values;

namespace Orquesta.Azure.Conductor.Expressions.Yaql.Library;

/// <summary>
/// yaql/standard_library/date_time.py. Datetimes are timezone-aware (<see cref="DateTimeOffset"/>,
/// naive ones are taken as UTC as yaql does), timespans are <see cref="TimeSpan"/>s with Python's
/// microsecond resolution; the current time and the local offset come from the scope's environment.
/// </summary>
internal static class DateTimeLibrary
{
    private const long TicksPerMicrosecond = 10;

    public static void Register(Registry r)
    {
        r.Function("datetime").P("year", T.Int()).P("month", T.Int()).P("day", T.Int())
            .P("hour", T.Int(), 0L).P("minute", T.Int(), 0L).P("second", T.Int(), 0L).P("microsecond", T.Int(), 0L)
            .P("offset", T.TimeSpan(), TimeSpan.Zero)
            .Body(i => Build(Lib.Long(i[0]), Lib.Long(i[1]), Lib.Long(i[2]), Lib.Long(i[3]), Lib.Long(i[4]), Lib.Long(i[5]), Lib.Long(i[6]), (TimeSpan)i[7]!));
        r.Function("datetime").P("timestamp", T.Number()).P("offset", T.TimeSpan(), TimeSpan.Zero)
            .Body(i => FromTimestamp(PyNum.ToFloat(i[0]), (TimeSpan)i[1]!));
        r.Function("datetime").P("string", T.String()).P("format__", T.String(nullable: true), null)
            .Body(i =>
            {
                var text = (string)i[0]!;
                return i[1] is string format && format.Length > 0
                    ? PyTime.StrPTime(text, format)
                    : PyTime.Parse(text, Now(i.Scope, TimeSpan.Zero).ToOffset(i.Scope.Environment.LocalOffset));
            });
        r.Function("timespan").P("days", T.Int(), 0L).P("hours", T.Int(), 0L).P("minutes", T.Int(), 0L)
            .P("seconds", T.Integer, 0L).P("milliseconds", T.Integer, 0L).P("microseconds", T.Integer, 0L)
            .Body(i =>
            {
                var micro = (System.Numerics.BigInteger)Lib.Long(i[0]) * 86_400_000_000L
                    + (System.Numerics.BigInteger)Lib.Long(i[1]) * 3_600_000_000L
                    + (System.Numerics.BigInteger)Lib.Long(i[2]) * 60_000_000L
                    + (System.Numerics.BigInteger)Lib.Long(i[3]) * 1_000_000L
                    + (System.Numerics.BigInteger)Lib.Long(i[4]) * 1_000L
                    + Lib.Long(i[5]);
                return FromMicroseconds(micro);
            });

        Property(r, "microseconds", T.TimeSpan(), v => Micro((TimeSpan)v!));
        Property(r, "milliseconds", T.TimeSpan(), v => Micro((TimeSpan)v!) / 1000.0);
        Property(r, "seconds", T.TimeSpan(), v => Micro((TimeSpan)v!) / 1000000.0);
        Property(r, "minutes", T.TimeSpan(), v => Micro((TimeSpan)v!) / 60000000.0);
        Property(r, "hours", T.TimeSpan(), v => Micro((TimeSpan)v!) / 3600000000.0);
        Property(r, "days", T.TimeSpan(), v => Micro((TimeSpan)v!) / 86400000000.0);

        r.Function("now").P("offset", T.TimeSpan(nullable: true), TimeSpan.Zero)
            .Body(i => Now(i.Scope, i[0] is TimeSpan offset ? offset : i.Scope.Environment.LocalOffset));
        r.Function("localtz").Body(i => i.Scope.Environment.LocalOffset);
        r.Function("utctz").Body(_ => TimeSpan.Zero);

        r.Function("#operator_+").P("dt", T.DateTime).P("ts", T.TimeSpan()).Body(i => Shift((DateTimeOffset)i[0]!, (TimeSpan)i[1]!));
        r.Function("#operator_+").P("ts", T.TimeSpan()).P("dt", T.DateTime).Body(i => Shift((DateTimeOffset)i[1]!, (TimeSpan)i[0]!));
        r.Function("#operator_-").P("dt", T.DateTime).P("ts", T.TimeSpan()).Body(i => Shift((DateTimeOffset)i[0]!, -(TimeSpan)i[1]!));
        r.Function("#operator_-").P("dt1", T.DateTime).P("dt2", T.DateTime).Body(i => (DateTimeOffset)i[0]! - (DateTimeOffset)i[1]!);
        r.Function("#operator_+").P("ts1", T.TimeSpan()).P("ts2", T.TimeSpan()).Body(i => FromMicroseconds((System.Numerics.BigInteger)Micro((TimeSpan)i[0]!) + Micro((TimeSpan)i[1]!)));
        r.Function("#operator_-").P("ts1", T.TimeSpan()).P("ts2", T.TimeSpan()).Body(i => FromMicroseconds((System.Numerics.BigInteger)Micro((TimeSpan)i[0]!) - Micro((TimeSpan)i[1]!)));
        Compare(r, "#operator_>", c => c > 0);
        Compare(r, "#operator_>=", c => c >= 0);
        Compare(r, "#operator_<", c => c < 0);
        Compare(r, "#operator_<=", c => c <= 0);
        r.Function("#operator_*").P("ts", T.TimeSpan()).P("n", T.Number()).Body(i => Scale((TimeSpan)i[0]!, i[1]));
        r.Function("#operator_*").P("n", T.Number()).P("ts", T.TimeSpan()).Body(i => Scale((TimeSpan)i[1]!, i[0]));
        r.Function("#operator_/").P("ts1", T.TimeSpan()).P("ts2", T.TimeSpan())
            .Body(i =>
            {
                var divisor = Micro((TimeSpan)i[1]!);
                if (divisor == 0) throw YaqlErrors.ZeroDivision("float division by zero");
                return Micro((TimeSpan)i[0]!) / (double)divisor;
            });
        r.Function("#operator_/").P("ts", T.TimeSpan()).P("n", T.Number())
            .Body(i =>
            {
                var n = PyOps.ToDouble(i[1]);
                if (n == 0) throw YaqlErrors.ZeroDivision(i[1] is long ? "division by zero" : "float division by zero");
                return FromMicroseconds(Micro((TimeSpan)i[0]!) / n);
            });
        r.Function("#unary_operator_-").P("ts", T.TimeSpan()).Body(i => FromMicroseconds(-(System.Numerics.BigInteger)Micro((TimeSpan)i[0]!)));
        r.Function("#unary_operator_+").P("ts", T.TimeSpan()).Body(i => i[0]);

        Property(r, "year", T.DateTime, v => (long)D(v).Year);
        Property(r, "month", T.DateTime, v => (long)D(v).Month);
        Property(r, "day", T.DateTime, v => (long)D(v).Day);
        Property(r, "hour", T.DateTime, v => (long)D(v).Hour);
        Property(r, "minute", T.DateTime, v => (long)D(v).Minute);
        Property(r, "second", T.DateTime, v => (long)D(v).Second);
        Property(r, "microsecond", T.DateTime, v => D(v).Ticks % TimeSpan.TicksPerSecond / TicksPerMicrosecond);
        Property(r, "weekday", T.DateTime, v => (long)(((int)D(v).DayOfWeek + 6) % 7));
        Property(r, "offset", T.DateTime, v => D(v).Offset);
        Property(r, "timestamp", T.DateTime, v => (D(v).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond);
        Property(r, "date", T.DateTime, v => new DateTimeOffset(D(v).Date, D(v).Offset));
        Property(r, "time", T.DateTime, v => D(v).TimeOfDay);
        Property(r, "utc", T.DateTime, v => Guard(() => new DateTimeOffset(D(v).DateTime - D(v).Offset, D(v).Offset)));

        r.Method("replace").P("dt", T.DateTime)
            .P("year", T.Int(nullable: true), null).P("month", T.Int(nullable: true), null).P("day", T.Int(nullable: true), null)
            .P("hour", T.Int(nullable: true), null).P("minute", T.Int(nullable: true), null).P("second", T.Int(nullable: true), null)
            .P("microsecond", T.Int(nullable: true), null).P("offset", T.TimeSpan(nullable: true), null)
            .Body(i =>
            {
                var dt = D(i[0]);
                long Pick(int k, long current) => i[k] is null ? current : Lib.Long(i[k]);
                return Build(
                    Pick(1, dt.Year),
                    Pick(2, dt.Month),
                    Pick(3, dt.Day),
                    Pick(4, dt.Hour),
                    Pick(5, dt.Minute),
                    Pick(6, dt.Second),
                    Pick(7, dt.Ticks % TimeSpan.TicksPerSecond / TicksPerMicrosecond),
                    i[8] is TimeSpan offset ? offset : dt.Offset);
            });
        r.Method("format").P("dt", T.DateTime).P("format__", T.String()).Body(i => PyTime.StrFTime(D(i[0]), (string)i[1]!));
        r.Function("isDatetime").P("value", T.Any).Body(i => i[0] is DateTimeOffset);
        r.Function("isTimespan").P("value", T.Any).Body(i => i[0] is TimeSpan);
    }

    private static DateTimeOffset D(object? v) => (DateTimeOffset)v!;

    private static void Property(Registry r, string name, ParamType type, Func<object?, object?> body) =>
        r.Function("#property#" + name).P("obj", type).Body(i => body(i[0]));

    private static void Compare(Registry r, string name, Func<int, bool> test)
    {
        r.Function(name).P("dt1", T.DateTime).P("dt2", T.DateTime).Body(i => test(D(i[0]).UtcTicks.CompareTo(D(i[1]).UtcTicks)));
        r.Function(name).P("ts1", T.TimeSpan()).P("ts2", T.TimeSpan()).Body(i => test(((TimeSpan)i[0]!).CompareTo((TimeSpan)i[1]!)));
    }

    /// <summary>The total microseconds of a timespan.</summary>
    public static long Micro(TimeSpan ts) => ts.Ticks / TicksPerMicrosecond;

    private static TimeSpan FromMicroseconds(System.Numerics.BigInteger micro)
    {
        if (micro > TimeSpan.MaxValue.Ticks / TicksPerMicrosecond || micro < TimeSpan.MinValue.Ticks / TicksPerMicrosecond)
        {
            throw YaqlErrors.Overflow("days must have magnitude <= 999999999");
        }

        return TimeSpan.FromTicks((long)micro * TicksPerMicrosecond);
    }

    // timedelta(microseconds=float): rounded half to even.
    private static TimeSpan FromMicroseconds(double micro)
    {
        if (!double.IsFinite(micro)) throw YaqlErrors.ValueError("cannot convert float NaN to integer");
        var rounded = Math.Round(micro, MidpointRounding.ToEven);
        if (Math.Abs(rounded) > TimeSpan.MaxValue.Ticks / (double)TicksPerMicrosecond) throw YaqlErrors.Overflow("days must have magnitude <= 999999999");
        return TimeSpan.FromTicks((long)rounded * TicksPerMicrosecond);
    }

    private static TimeSpan Scale(TimeSpan ts, object? n) =>
        n is long l ? FromMicroseconds((System.Numerics.BigInteger)Micro(ts) * l) : FromMicroseconds(Micro(ts) * PyOps.ToDouble(n));

    private static DateTimeOffset Shift(DateTimeOffset dt, TimeSpan ts) => Guard(() => dt + ts);

    private static T Guard<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw YaqlErrors.Overflow("date value out of range");
        }
    }

    /// <summary>The current time in the given zone, from the scope's environment, to the microsecond.</summary>
    public static DateTimeOffset Now(ExpressionScope scope, TimeSpan offset)
    {
        var utc = scope.Environment.UtcNow;
        utc = new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % TicksPerMicrosecond), TimeSpan.Zero);
        return utc.ToOffset(CheckOffset(offset));
    }

    /// <summary>A zone offset as .NET can carry it: whole minutes within ±14 hours (Python allows up to 24 hours).</summary>
    public static TimeSpan CheckOffset(TimeSpan offset)
    {
        if (offset <= TimeSpan.FromHours(-24) || offset >= TimeSpan.FromHours(24))
        {
            throw YaqlErrors.ValueError($"offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {YaqlRepr.Repr(offset)}.");
        }

        if (offset.Ticks % TimeSpan.TicksPerMinute != 0 || offset.Duration() > TimeSpan.FromHours(14))
        {
            throw YaqlErrors.ValueError($"offset {PyRepr.FormatTimeSpan(offset)} is not supported: zone offsets must be whole minutes within 14 hours");
        }

        return offset;
    }

    /// <summary>Python's <c>datetime(...)</c> constructor with its range checks.</summary>
    public static DateTimeOffset Build(long year, long month, long day, long hour, long minute, long second, long microsecond, TimeSpan offset)
    {
        if (year is < 1 or > 9999) throw YaqlErrors.ValueError($"year {year} is out of range");
        if (month is < 1 or > 12) throw YaqlErrors.ValueError("month must be in 1..12");
        if (day < 1 || day > DateTime.DaysInMonth((int)year, (int)month)) throw YaqlErrors.ValueError("day is out of range for month");
        if (hour is < 0 or > 23) throw YaqlErrors.ValueError("hour must be in 0..23");
        if (minute is < 0 or > 59) throw YaqlErrors.ValueError("minute must be in 0..59");
        if (second is < 0 or > 59) throw YaqlErrors.ValueError("second must be in 0..59");
        if (microsecond is < 0 or > 999999) throw YaqlErrors.ValueError("microsecond must be in 0..999999");
        var local = new DateTime((int)year, (int)month, (int)day, (int)hour, (int)minute, (int)second, DateTimeKind.Unspecified).AddTicks(microsecond * TicksPerMicrosecond);
        return Guard(() => new DateTimeOffset(local, CheckOffset(offset)));
    }

    private static DateTimeOffset FromTimestamp(double timestamp, TimeSpan offset)
    {
        if (!double.IsFinite(timestamp)) throw YaqlErrors.ValueError("cannot convert float NaN to integer");
        var micro = Math.Round(timestamp * 1e6, MidpointRounding.ToEven);
        if (micro is < -62135596800e6 or > 253402300799e6) throw YaqlErrors.ValueError("year is out of range");
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + ((long)micro * TicksPerMicrosecond), TimeSpan.Zero).ToOffset(CheckOffset(offset));
    }
}
