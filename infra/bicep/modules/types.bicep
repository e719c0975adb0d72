// Types shared by the modules (the linter's use-user-defined-types rule asks for these instead of bare 'object').

@export()
@description('Resource tags: name to value.')
type resourceTags = {
  *: string
}
