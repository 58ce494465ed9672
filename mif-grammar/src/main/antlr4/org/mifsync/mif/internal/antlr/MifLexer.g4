/*
 * Tokens of the DMTF Management Information Format (MIF), as DMI 1.x/2.0 and SMS files use it.
 * Keywords are case-insensitive; every user-chosen name is a quoted string, so the only bare
 * words are keywords. Whitespace, ordinary comments and a DOS end-of-file byte are skipped; SMS
 * header directives (//Name<value>) go to a channel of their own so the parser never sees them
 * but the document builder can collect them. The lexer never fails: anything it does not know
 * becomes a WORD or a CHAR token and the parser reports it with its place.
 */
lexer grammar MifLexer;

options { caseInsensitive = true; }

channels { DIRECTIVES }

// Block words
START       : 'start' ;
END         : 'end' ;
COMPONENT   : 'component' ;
GROUP       : 'group' ;
ATTRIBUTE   : 'attribute' ;
TABLE       : 'table' ;
ENUM        : 'enum' | 'enumeration' ;   // IBM's own text spells it out
PATH        : 'path' | 'paths' ;         // the OS/2 toolkit writes Paths

// Statement words
LANGUAGE    : 'language' ;
NAME        : 'name' ;
DESCRIPTION : 'description' ;
ID          : 'id' ;
CLASS       : 'class' ;
KEY         : 'key' ;
TYPE        : 'type' ;
ACCESS      : 'access' ;
STORAGE     : 'storage' ;
VALUE       : 'value' ;
PRAGMA      : 'pragma' ;

// Type words
COUNTER       : 'counter' ;
COUNTER64     : 'counter64' ;
GAUGE         : 'gauge' ;
INTEGER       : 'integer' | 'int' ;
INTEGER64     : 'integer64' | 'int64' ;
STRING_TYPE   : 'string' ;
DISPLAYSTRING : 'displaystring' ;
OCTETSTRING   : 'octetstring' ;
DATE          : 'date' ;

// Access, storage and value words
READ_ONLY   : 'read-only' ;
READ_WRITE  : 'read-write' ;
WRITE_ONLY  : 'write-only' ;
COMMON      : 'common' ;
SPECIFIC    : 'specific' ;
UNKNOWN     : 'unknown' ;
UNSUPPORTED : 'unsupported' ;

// Path words
DOS              : 'dos' ;
MACOS            : 'macos' ;
OS2              : 'os2' ;
UNIX             : 'unix' ;
WIN16            : 'win16' ;
WIN32            : 'win32' ;
WIN9X            : 'win9x' ;
WINNT            : 'winnt' ;
DIRECT_INTERFACE : 'direct-interface' ;

// Separators
EQUALS : '=' ;
COMMA  : ',' ;
LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
STAR   : '*' ;
MINUS  : '-' ;
PLUS   : '+' ;

// Integers: decimal, octal with a leading 0, hexadecimal 0x…; the value is decided later
NUMBER : '0x' [0-9a-f]+ | [0-9]+ ;

// A string may hold a newline: the builder refuses it in strict mode and accepts it in lenient
STRING : '"' ( '\\' . | ~["\\] )* '"' ;

// A quote that is never closed runs to the end of the input; reported with its opening place
UNTERMINATED_STRING : '"' ( '\\' . | ~["\\] )* ;

// //Name<value>[<value>…] alone on its line, exactly as SMS requires it
DIRECTIVE : '//' [a-z]+ ( '<' ~[>\r\n]* '>' )+ [ \t]* -> channel(DIRECTIVES) ;

// Nearly a directive (a blank where SMS allows none): kept so that the builder can warn
NEAR_DIRECTIVE : '//' [ \t]* [a-z]+ [ \t]* ( '<' ~[>\r\n]* '>' )+ [ \t]* -> channel(DIRECTIVES) ;

LINE_COMMENT : '//' ~[\r\n]* -> skip ;

// Whitespace, including the DOS end-of-file byte OS/2 files end with
WS : [ \t\r\n\f\u001A]+ -> skip ;

// Catch-alls, last: an unknown bare word, or any other single character
WORD : [a-z_] [a-z0-9_]* ;
CHAR : . ;
