// The .splan DSL: a hand-writable surface syntax for servplan specs.
//
// Structure: statements inside blocks `{ }`, separated by new lines or `;` (no indentation rules).
// A few statements are sugar for common spec shapes (`pool`, `deployment`, `rate 40/s poisson`,
// `ttft p99 <= 800ms`, ...); every other statement uses the generic forms `key value`,
// `key { ... }` and `key [a, b]`, so any spec tree can be written and unknown keys still parse
// (lowering reports them). Keywords are not reserved: each one is also a plain name, and a
// quoted key ("pool") always takes the generic form.
//
// Every statement rule is a direct child of a statement-list rule (file, body, poolBody, ...): the
// front end relies on that to attach comments to statements. Statement lists are written
// `(sep | stmt)*` rather than `stmt (sep+ stmt)*` because ANTLR recovers far better from errors in
// that shape (it resynchronises on the next statement); the front end then reports two statements
// with no new line or ';' between them. Where a statement could also be read as two (`rate 40/s
// poisson`, `objective minimize cost`), the sugar alternative comes first and wins.
grammar Splan;

// ---------------------------------------------------------------- parser

file : (sep | topStmt)* EOF ;

sep : NL | SEMI ;

// Top level: spec header, models, pools, deployments, objective, and generic entries (options ...).
topStmt
    : SPEC atom                                   # specStmt
    | MODEL key block                             # modelStmt
    | POOL atom LBRACE poolBody RBRACE            # poolStmt
    | DEPLOYMENT atom LBRACE deploymentBody RBRACE # deploymentStmt
    | OBJECTIVE name name+                        # objectiveStmt
    | generic                                     # topGeneric
    ;

poolBody : (sep | poolItem)* ;

poolItem
    : GPU atom (X count)? # gpuStmt
    | generic          # poolGeneric
    ;

deploymentBody : (sep | deploymentItem)* ;

deploymentItem
    : POOLS atom (COMMA NL* atom)*         # poolsStmt
    | WORKLOAD LBRACE workloadBody RBRACE  # workloadStmt
    | SLO LBRACE sloBody RBRACE            # sloStmt
    | generic                              # deploymentGeneric
    ;

workloadBody : (sep | workloadItem)* ;

workloadItem
    : RATE rate arrival?       # rateStmt
    | (INPUT | OUTPUT) tokenCount  # tokensStmt
    | generic                  # workloadGeneric
    ;

// `poisson`, `trace "t.csv"`, `gamma(cv 2.0)`
arrival
    : name LPAREN args RPAREN # arrivalCall
    | name atom               # arrivalParam
    | name                    # arrivalName
    ;

// `2048` or `lognormal(mean 1500, p99 8000)`
tokenCount
    : name LPAREN args RPAREN # tokensDist
    | atom                    # tokensFixed
    ;

args : (NL | COMMA)* (arg ((NL | COMMA)+ arg)*)? (NL | COMMA)* ;

arg : key atom ;

sloBody : (sep | sloItem)* ;

sloItem
    : name name LE duration # sloTarget
    | name GE percent       # sloAtLeast
    | generic               # sloGeneric
    ;

// The generic forms: `key`, `key value`, `key a, b`, `key a | b`, `key [ ... ]`, `key { ... }`.
generic : key value? ;

value
    : atom (COMMA NL* atom)+ # commaValue
    | atom (PIPE NL* atom)+  # pipeValue
    | atom                   # atomValue
    | list                   # listValue
    | block                  # blockValue
    ;

block : LBRACE body RBRACE ;

body : (sep | generic)* ;

list : LBRACK (NL | COMMA)* (item ((NL | COMMA)+ item)*)? (NL | COMMA)* RBRACK ;

item : atom | list | block ;

// Value positions with a known kind: separate rules so syntax errors can name what was expected.
rate : atom ;
count : atom ;
duration : atom ;
percent : atom ;

key : name | STRING ;

atom : name | NUMBER | QUANTITY | STRING ;

name
    : ID | SPEC | MODEL | POOL | DEPLOYMENT | OBJECTIVE | GPU | X | POOLS | WORKLOAD | SLO
    | RATE | INPUT | OUTPUT
    ;

// ---------------------------------------------------------------- lexer

SPEC       : 'spec' ;
MODEL      : 'model' ;
POOL       : 'pool' ;
DEPLOYMENT : 'deployment' ;
OBJECTIVE  : 'objective' ;
GPU        : 'gpu' ;
X          : 'x' ;
POOLS      : 'pools' ;
WORKLOAD   : 'workload' ;
SLO        : 'slo' ;
RATE       : 'rate' ;
INPUT      : 'input' ;
OUTPUT     : 'output' ;

LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;
LPAREN : '(' ;
RPAREN : ')' ;
COMMA  : ',' ;
SEMI   : ';' ;
PIPE   : '|' ;
LE     : '<=' ;
GE     : '>=' ;

// A number with a unit is one token: 800ms, 2.49/h, $2.49/h, 40/s, 60%, 1.5GiB, 500/h.
// The unit is not checked here; lowering does that for both syntaxes.
QUANTITY
    : '$' DECIMAL ('/' UNIT)?
    | DECIMAL (UNIT ('/' UNIT)? | '/' UNIT)
    ;

NUMBER : DECIMAL ([eE] [+-]? DIGITS)? ;

// Names may contain dashes, dots and single slashes: llama-3.1-70b, h100-sxm-80gb, servplan/v1.
ID : [a-zA-Z_] ID_CHAR* ('/' ID_CHAR+)* ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;

// A string with no closing quote on its line; the parser reports it.
BAD_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN) ;

NL : '\r'? '\n' | '\r' ;

WS : [ \t\f\u000B\uFEFF]+ -> skip ;

// Anything else becomes one token so the lexer never fails; the parser reports it.
ERROR_CHAR : . ;

fragment DECIMAL : '-'? DIGITS ('.' DIGITS)? ;
fragment DIGITS : [0-9]+ ;
fragment UNIT : [a-zA-Z%]+ ;
fragment ID_CHAR : [a-zA-Z0-9_.\-] ;
