/*
 * The syntax of a MIF file: an optional LANGUAGE statement and one component, whose blocks nest
 * as START kind … END kind. Statement order inside a block is free (real files disagree with
 * every written order), so each block is a loop over the statements it allows; which statements
 * are required, and only once, is checked by the document builder. No embedded code: the builder
 * listens to rule exits.
 */
parser grammar MifSyntax;

options { tokenVocab = MifLexer; }

mifFile : languageStmt? componentDef EOF ;

languageStmt : LANGUAGE EQUALS string ;

componentDef : START COMPONENT componentItem* END COMPONENT ;

componentItem
    : nameStmt
    | descriptionStmt
    | pragmaStmt
    | pathDef
    | enumDef
    | groupDef
    | tableDef
    ;

// ---- paths ---------------------------------------------------------------------------------

pathDef : START PATH pathItem* END PATH ;

pathItem
    : nameStmt
    | osStmt
    ;

osStmt : os=osName EQUALS ( program=string | DIRECT_INTERFACE ) ;

osName : DOS | MACOS | OS2 | UNIX | WIN16 | WIN32 | WIN9X | WINNT ;

// ---- enumerations --------------------------------------------------------------------------

enumDef : START ENUM enumItem* END ENUM ;

enumItem
    : nameStmt
    | enumTypeStmt
    | enumEntry
    ;

enumTypeStmt : TYPE EQUALS INTEGER ;

enumEntry : code=signedInt EQUALS symbol=string ;

// ---- groups and attributes -----------------------------------------------------------------

groupDef : START GROUP groupItem* END GROUP ;

groupItem
    : nameStmt
    | classStmt
    | idStmt
    | descriptionStmt
    | keyStmt
    | pragmaStmt
    | attributeDef
    ;

classStmt : CLASS EQUALS string ;

keyStmt : KEY EQUALS ids+=NUMBER ( COMMA ids+=NUMBER )* ;

attributeDef : START ATTRIBUTE attributeItem* END ATTRIBUTE ;

attributeItem
    : nameStmt
    | idStmt
    | descriptionStmt
    | typeStmt
    | accessStmt
    | storageStmt
    | valueStmt
    | pragmaStmt
    ;

typeStmt : TYPE EQUALS typeSpec ;

typeSpec
    : primitive=( COUNTER | COUNTER64 | GAUGE | INTEGER | INTEGER64 | DATE )   # primitiveType
    | kind=( STRING_TYPE | DISPLAYSTRING | OCTETSTRING ) ( LPAREN size=NUMBER RPAREN )?  # stringType
    | string                                                                  # enumReference
    | enumDef                                                                 # inlineEnum
    ;

accessStmt : ACCESS EQUALS access=( READ_ONLY | READ_WRITE | WRITE_ONLY ) ;

storageStmt : STORAGE EQUALS storage=( COMMON | SPECIFIC ) ;

valueStmt : VALUE EQUALS value ;

// ---- tables --------------------------------------------------------------------------------

tableDef : START TABLE tableItem* END TABLE ;

tableItem
    : nameStmt
    | idStmt
    | classStmt
    | row
    ;

// Cells follow the template's attribute IDs in ascending order; an empty cell takes the default
row : LBRACE cell ( COMMA cell )* RBRACE ;

cell : value? ;

// ---- shared statements and values ----------------------------------------------------------

nameStmt : NAME EQUALS string ;

descriptionStmt : DESCRIPTION EQUALS string ;

pragmaStmt : PRAGMA EQUALS string ;

idStmt : ID EQUALS number=NUMBER ;

value
    : string              # textValue
    | signedInt           # integerValue
    | STAR string         # overlayValue
    | UNKNOWN             # unknownValue
    | UNSUPPORTED         # unsupportedValue
    ;

// Adjacent literals, with only whitespace or comments between them, are one string
string : STRING+ ;

signedInt : sign=( MINUS | PLUS )? NUMBER ;
