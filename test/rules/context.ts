/** A build context held in memory, for specs of builds that run through make or a script. */
export function contextOf(files: Record<string, string>): (relativePath: string) => string | undefined {
  return (relativePath) => files[relativePath];
}

/** A Go build stage that copies the context to /src and runs `run`, and an alpine runtime shipping /out/app. */
export function builderRunning(run: string, ...runtime: string[]): string {
  return [
    'FROM golang:1.22-alpine AS build',
    'WORKDIR /src',
    'COPY . .',
    `RUN ${run}`,
    'FROM alpine:3.19',
    'COPY --from=build /out/app /app',
    ...(runtime.length > 0 ? runtime : ['CMD ["/app"]']),
    '',
  ].join('\n');
}
