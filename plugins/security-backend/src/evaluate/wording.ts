/** `1 workload`, `2 workloads`: English plurals of the nouns messages use. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
