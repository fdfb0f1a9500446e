namespace Orquesta.Azure.Conductor.Expressions.Yaql.Runtime;

/// <summary>
/// The order in which CPython iterates a set built by adding items one by one (setobject.c:
/// open addressing with linear probes and perturbation, resized at 3/5 full). It is reproducible
/// where Python's hashes are: numbers. Strings hash differently in every Python process, so a set
/// holding anything but numbers keeps the order its items were added in.
/// </summary>
internal static class PySetOrder
{
    private const int LinearProbes = 9;
    private const int PerturbShift = 5;
    private const ulong Modulus = (1UL << 61) - 1;

    /// <summary>The items in CPython's iteration order, or as given when their hashes are not reproducible.</summary>
    public static List<object?> Order(List<object?> items)
    {
        if (items.Count < 2) return items;
        var hashes = new long[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!TryHash(items[i], out hashes[i])) return items;
        }

        var mask = 7UL;
        var table = new int[8];
        Array.Fill(table, -1);
        var used = 0;
        for (var k = 0; k < items.Count; k++)
        {
            Insert(table, mask, hashes, k);
            used++;
            if ((ulong)used * 5 >= mask * 3)
            {
                var minUsed = used > 50000 ? used * 2 : used * 4;
                var size = 8UL;
                while (size <= (ulong)minUsed) size <<= 1;
                var resized = new int[size];
                Array.Fill(resized, -1);
                foreach (var index in table)
                {
                    if (index >= 0) Insert(resized, size - 1, hashes, index);
                }

                table = resized;
                mask = size - 1;
            }
        }

        var ordered = new List<object?>(items.Count);
        foreach (var index in table)
        {
            if (index >= 0) ordered.Add(items[index]);
        }

        return ordered;
    }

    // set_insert_clean: items are distinct, so the first free slot on the probe sequence is taken.
    private static void Insert(int[] table, ulong mask, long[] hashes, int index)
    {
        var hash = (ulong)hashes[index];
        var perturb = hash;
        var i = hash & mask;
        while (true)
        {
            if (table[i] < 0)
            {
                table[i] = index;
                return;
            }

            if (i + LinearProbes <= mask)
            {
                for (var j = 1UL; j <= LinearProbes; j++)
                {
                    if (table[i + j] < 0)
                    {
                        table[i + j] = index;
                        return;
                    }
                }
            }

            perturb >>= PerturbShift;
            i = ((i * 5) + 1 + perturb) & mask;
        }
    }

    /// <summary>Python's <c>hash()</c> of a number.</summary>
    public static bool TryHash(object? value, out long hash)
    {
        switch (value)
        {
            case bool b:
                hash = b ? 1 : 0;
                return true;
            case long l:
                hash = HashInt(l);
                return true;
            case double d:
                hash = HashDouble(d);
                return !double.IsNaN(d);
            default:
                hash = 0;
                return false;
        }
    }

    private static long HashInt(long value)
    {
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var h = (long)(magnitude % Modulus);
        if (value < 0) h = -h;
        return h == -1 ? -2 : h;
    }

    // _Py_HashDouble.
    private static long HashDouble(double v)
    {
        if (double.IsInfinity(v)) return v > 0 ? 314159 : -314159;
        if (v == Math.Floor(v) && Math.Abs(v) < 9.2e18) return HashInt((long)v);
        var sign = 1L;
        var m = v;
        if (m < 0)
        {
            sign = -1;
            m = -m;
        }

        var e = 0;
        if (m != 0)
        {
            e = (int)Math.Floor(Math.Log2(m)) + 1;
            m = Math.ScaleB(m, -e);
            while (m >= 1)
            {
                m /= 2;
                e++;
            }

            while (m < 0.5)
            {
                m *= 2;
                e--;
            }
        }

        ulong x = 0;
        while (m != 0)
        {
            x = ((x << 28) & Modulus) | (x >> (61 - 28));
            m *= 268435456.0;
            e -= 28;
            var y = (ulong)m;
            m -= y;
            x += y;
            if (x >= Modulus) x -= Modulus;
        }

        e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
        x = ((x << e) & Modulus) | (x >> (61 - e));
        var h = (long)x * sign;
        return h == -1 ? -2 : h;
    }
}
