// A function of a string, remembered for the arguments it saw last: for a pure function that is
// dear to compute and often called again with the same argument (the same short comment, "无" or
// "满意", from many customers). Least recently used arguments are forgotten first; long ones are
// never kept, so memory stays bounded by capacity × maxKeyLength.

export function rememberRecent<T>(
  f: (key: string) => T,
  capacity: number,
  maxKeyLength: number,
): (key: string) => T {
  if (capacity <= 0) return f;
  const memo = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return f(key);
    const known = memo.get(key);
    if (known !== undefined) {
      // A Map iterates in insertion order: moved to the end, it is the last to be forgotten.
      memo.delete(key);
      memo.set(key, known);
      return known;
    }
    const value = f(key);
    memo.set(key, value);
    if (memo.size > capacity) memo.delete(memo.keys().next().value as string);
    return value;
  };
}
