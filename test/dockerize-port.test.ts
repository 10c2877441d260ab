/**
 * The port dockerize reads from a program's code: each shape real services
 * use, written out as a small main package, with the port, the kind of
 * evidence and its line stated by hand; and the shapes where the honest
 * answer is "no listener" or "ask".
 */
import { describe, expect, it } from '@jest/globals';
import { parseGoSource } from '../src/core/go/go-source.js';
import { guessPort } from '../src/core/dockerize/port.js';

function file(path: string, text: string) {
  return { ...parseGoSource(text), path };
}

/** A main package: line 3 is `top`'s first line, and `body` starts on the line after `func main() {`. */
function main(body: string, top = '') {
  return file('main.go', `package main\n\n${top}\nfunc main() {\n${body}\n}\n`);
}

/** The verdict, the port, and the deciding evidence as `kind line`. */
function verdict(...files: ReturnType<typeof file>[]) {
  const guess = guessPort(files.slice(0, 1), files.slice(1));
  const first = guess.evidence[0];
  return {
    verdict: guess.verdict,
    port: guess.port,
    first: first && `${first.kind} ${first.file}:${first.line}`,
  };
}

describe('guessPort: the port the listener is given, followed to where it is written', () => {
  it.each<[string, string, string, number, string]>([
    [
      'a $PORT fallback in an if',
      'port := os.Getenv("PORT")\nif port == "" {\n\tport = "8080"\n}\nhttp.ListenAndServe(":"+port, nil)',
      '',
      8080,
      'env-default main.go:7',
    ],
    [
      'cmp.Or with a custom variable',
      'addr := ":" + cmp.Or(os.Getenv("APP_PORT"), "9000")\nhttp.ListenAndServe(addr, nil)',
      '',
      9000,
      'env-default main.go:5',
    ],
    [
      'a flag whose default is a local env helper',
      'flag.StringVar(&port, "port", getEnv("WHOAMI_PORT_NUMBER", "80"), "port")\nflag.Parse()\nhttp.ListenAndServe(":"+port, nil)',
      'var port string\n\nfunc getEnv(key, fallback string) string {\n\tif v, ok := os.LookupEnv(key); ok {\n\t\treturn v\n\t}\n\treturn fallback\n}\n',
      80,
      'flag-default main.go:13',
    ],
    [
      'an int flag through fmt.Sprintf',
      'fs := flag.NewFlagSet("podinfo", flag.ExitOnError)\nport := fs.Int("port", 9898, "HTTP port")\nsrv := &http.Server{Addr: fmt.Sprintf(":%d", *port)}\nsrv.ListenAndServe()',
      '',
      9898,
      'flag-default main.go:6',
    ],
    [
      'a package-level var block, net.Listen for gRPC',
      'lis, _ := net.Listen("tcp", fmt.Sprintf(":%s", port))\ngrpc.NewServer().Serve(lis)',
      'var (\n\tport = "3550"\n)\n',
      3550,
      'listen main.go:4',
    ],
    [
      'a constant and net.JoinHostPort',
      'http.ListenAndServe(net.JoinHostPort("", defaultPort), nil)',
      'const defaultPort = "7070"\n',
      7070,
      'listen main.go:3',
    ],
    [
      'cobra StringVarP',
      'cmd.Flags().StringVarP(&listen, "listen", "l", ":8443", "address")\nhttp.ListenAndServe(listen, nil)',
      'var listen string\n',
      8443,
      'flag-default main.go:6',
    ],
    ['gin Run with a literal', 'r := gin.Default()\nr.Run(":8088")', '', 8088, 'listen main.go:6'],
    ['echo Start with a variable', 'addr := ":1323"\ne.Start(addr)', '', 1323, 'listen main.go:5'],
  ])('%s', (_, body, top, port, first) => {
    expect(verdict(main(body, top))).toEqual({ verdict: 'found', port, first });
  });

  it.each<[string, string, number, string]>([
    ['envOr with $PORT', 'http.ListenAndServe(envOr("PORT", "8000"), nil)', 8000, 'env-default main.go:5'],
    [
      'a server struct on its own',
      'srv := &http.Server{Addr: "127.0.0.1:7000"}\nrun(srv)',
      7000,
      'addr-field main.go:5',
    ],
  ])('%s', (_, body, port, first) => {
    const helper =
      'func envOr(k, d string) string {\n\tif v := os.Getenv(k); v != "" {\n\t\treturn v\n\t}\n\treturn d\n}\n';
    const program = file('main.go', `package main\n\n\nfunc main() {\n${body}\n}\n\n${helper}`);
    expect(verdict(program)).toEqual({ verdict: 'found', port, first });
  });

  it('follows a constant of an imported local package (internal/config)', () => {
    const program = file(
      'main.go',
      'package main\n\nfunc main() { http.ListenAndServe(config.Addr, nil) }\n',
    );
    const config = file('internal/config/config.go', 'package config\n\nconst Addr = ":6060"\n');
    expect(verdict(program, config)).toEqual({
      verdict: 'found',
      port: 6060,
      first: 'listen internal/config/config.go:3',
    });
  });

  it('a loose address and no listener: no port', () => {
    expect(verdict(main('', 'const listen = ":4000"\n'))).toEqual({
      verdict: 'no-listener',
      port: undefined,
      first: 'address-literal main.go:3',
    });
  });

  it('a config struct default in an internal package, through cfg.Port', () => {
    const program = main(
      'cfg := config.Load()\nhttp.ListenAndServe(fmt.Sprintf(":%d", cfg.Port), nil)',
      'import "example.com/svc/internal/config"\n',
    );
    const config = file(
      'internal/config/config.go',
      'package config\n\ntype Config struct {\n\tPort int `env:"SVC_PORT" envDefault:"8181"`\n}\n\nfunc Load() Config { return Config{} }\n',
    );
    expect(verdict(program, config)).toEqual({
      verdict: 'found',
      port: 8181,
      first: 'env-default internal/config/config.go:4',
    });
  });

  it('urfave/cli Value: with EnvVars', () => {
    const program = main(
      [
        'app := &cli.App{',
        '\tFlags: []cli.Flag{',
        '\t\t&cli.StringFlag{Name: "listen-addr", Value: ":7777", EnvVars: []string{"LISTEN_ADDR"}},',
        '\t},',
        '\tAction: func(c *cli.Context) error { return http.ListenAndServe(c.String("listen-addr"), nil) },',
        '}',
        'app.Run(os.Args)',
      ].join('\n'),
    );
    const guess = guessPort([program]);
    expect({ verdict: guess.verdict, port: guess.port, env: guess.evidence[0]?.env }).toEqual({
      verdict: 'found',
      port: 7777,
      env: ['LISTEN_ADDR'],
    });
  });

  it('says where $PORT is read and the default it has', () => {
    const guess = guessPort([
      main(
        'port := os.Getenv("PORT")\nif port == "" {\n\tport = "8080"\n}\nhttp.ListenAndServe(":"+port, nil)',
      ),
    ]);
    expect({ portEnv: guess.portEnv, portEnvDefault: guess.portEnvDefault }).toEqual({
      portEnv: { file: 'main.go', line: 5 },
      portEnvDefault: 8080,
    });
  });

  it('keeps the host: a listener on localhost only is reported as such', () => {
    const guess = guessPort([
      main('addr := flag.String("addr", "localhost:8080", "")\nhttp.ListenAndServe(*addr, nil)'),
    ]);
    expect({ port: guess.port, host: guess.evidence[0]?.host }).toEqual({ port: 8080, host: 'localhost' });
  });
});

describe('guessPort: the honest answers', () => {
  it('a CLI with no listener has no port, even with a client address', () => {
    const guess = guessPort([
      main(
        'server := flag.String("addr", "https://api.example.com:443", "")\nresp, _ := http.Get(*server + "/v1")\n_ = resp',
      ),
    ]);
    expect({ verdict: guess.verdict, port: guess.port }).toEqual({ verdict: 'no-listener', port: undefined });
  });

  it('an opt-in metrics flag is not the port', () => {
    const guess = guessPort([
      main(
        'metrics := flag.String("metrics-addr", "0.0.0.0:8880", "")\nport := flag.Int("port", 9999, "")\nflag.Parse()\nif *metrics != "" {\n\tgo http.ListenAndServe(*metrics, nil)\n}\nhttp.ListenAndServe(fmt.Sprintf(":%d", *port), nil)',
      ),
    ]);
    expect({ verdict: guess.verdict, port: guess.port }).toEqual({ verdict: 'found', port: 9999 });
  });

  it('a CLI with only an opt-in metrics listener has no port of its own', () => {
    const guess = guessPort([
      main(
        'metrics := flag.String("metrics-addr", "", "")\nif *metrics != "" {\n\tgo http.ListenAndServe(*metrics, nil)\n}',
      ),
    ]);
    expect({ verdict: guess.verdict, port: guess.port }).toEqual({ verdict: 'unresolved', port: undefined });
  });

  it('two listeners on two ports: ambiguous, both named', () => {
    const guess = guessPort([
      main('go http.ListenAndServe(":8080", api)\nlis, _ := net.Listen("tcp", ":9090")\ns.Serve(lis)'),
    ]);
    expect({ verdict: guess.verdict, candidates: guess.candidates }).toEqual({
      verdict: 'ambiguous',
      candidates: [8080, 9090],
    });
  });

  it('a listener whose address cannot be followed: unresolved, never 8080', () => {
    const guess = guessPort([main('http.ListenAndServe(loadAddr(), nil)')]);
    expect({ verdict: guess.verdict, port: guess.port }).toEqual({ verdict: 'unresolved', port: undefined });
  });

  it('ignores commented-out code', () => {
    const guess = guessPort([
      main('// http.ListenAndServe(":1234", nil)\nhttp.ListenAndServe(":4321", nil)'),
    ]);
    expect({ port: guess.port, hints: guess.evidence.map((hint) => hint.port) }).toEqual({
      port: 4321,
      hints: [4321],
    });
  });

  it('does not take a database port for the service port', () => {
    const guess = guessPort([
      main(
        'dbPort := getEnv("DB_PORT", "5432")\n_ = dbPort\nhttp.ListenAndServe(":"+getEnv("HTTP_PORT", "8000"), nil)',
        'func getEnv(k, d string) string { if v := os.Getenv(k); v != "" { return v }; return d }\n',
      ),
    ]);
    expect({ verdict: guess.verdict, port: guess.port }).toEqual({ verdict: 'found', port: 8000 });
  });
});
